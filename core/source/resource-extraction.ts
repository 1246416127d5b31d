import { SluiceError } from '../errors/sluice-error';
import { mergeBounded } from './merge-bounded';
import { RecordChannel } from './record-channel';
import type { ExtractContext, RecordBatch, ResourceStateStore, SourceResource } from './types';

/** One batch of one resource, as the one-pass extraction yields them. */
export interface ResourceBatch {
  resource: SourceResource;
  batch: RecordBatch;
}

interface Tree {
  stopped: boolean;
  failure: { error: unknown } | undefined;
}

interface Node {
  resource: SourceResource;
  /** Its batches are yielded (it is wanted); otherwise it only feeds its children. */
  emitted: boolean;
  children: Node[];
  /** Its parent's records (a fed child); a root walks its own endpoint. */
  input: RecordChannel | undefined;
}

/** Why a child stops reading when a resource of its tree failed or the consumer stopped. */
const STOPPED = (): SluiceError => new SluiceError('EXTRACT_STOPPED', 'the extraction stopped before this resource finished');

/**
 * A feeder's state: what the store holds, with writes kept aside (a parent that is not loaded must not move its
 * cursor, or its next run would skip the records it never loaded).
 */
function feederState(state: ResourceStateStore): ResourceStateStore {
  const scratch = new Map<string, Record<string, unknown>>();
  return { get: (r) => (scratch.has(r) ? scratch.get(r) : state.get(r)), set: (r, v) => { scratch.set(r, v); } };
}

/**
 * dlt's one evaluation of the resource DAG: the wanted resources as one stream of (resource, batch) pairs, where a
 * parent and the children it feeds are walked together. Each parent batch is yielded for the parent's table and
 * then handed to its children (which fan out with their own concurrency, cursors, steps and limits), so every
 * parent page is requested once per run and the children see exactly the parent records that are yielded.
 * A parent that is not wanted runs as a feeder: no limits, its state read but never written. Resource trees run
 * one after the other, in the order of `wanted`. Memory stays flat: a parent runs at most one batch ahead of each
 * child.
 */
export class ResourceExtraction implements AsyncIterable<ResourceBatch> {
  /** The resource whose extraction failed first (errors from the stream are thrown as they are). */
  failedResource: string | undefined;
  private readonly roots: Node[] = [];
  private started = false;

  /**
   * @param wanted the resources whose batches are yielded
   * @param all where parents are looked up (the source's resources); a parent found nowhere, or a child without
   *   `extractFrom`, makes the child walk its parent itself (`extract`)
   */
  constructor(wanted: readonly SourceResource[], all: readonly SourceResource[], private readonly context: ExtractContext) {
    const byName = new Map<string, SourceResource>();
    for (const r of [...all, ...wanted]) if (!byName.has(r.name)) byName.set(r.name, r);
    const nodes = new Map<string, Node>();
    const nodeFor = (resource: SourceResource, chain: string[]): Node => {
      const known = nodes.get(resource.name);
      if (known) return known;
      if (chain.includes(resource.name)) {
        throw new SluiceError('RESOURCE_CYCLE', `resources depend on each other in a cycle: ${[...chain, resource.name].map((n) => `\`${n}\``).join(' → ')}`);
      }
      const parent = resource.parent !== undefined && resource.extractFrom ? byName.get(resource.parent) : undefined;
      const parentNode = parent ? nodeFor(parent, [...chain, resource.name]) : undefined;
      const node: Node = { resource, emitted: false, children: [], input: parentNode ? new RecordChannel() : undefined };
      nodes.set(resource.name, node);
      if (parentNode) parentNode.children.push(node);
      else this.roots.push(node);
      return node;
    };
    for (const r of wanted) nodeFor(r, []).emitted = true;
  }

  /** Iterate once: the channels between parents and children are built for one walk. */
  async *[Symbol.asyncIterator](): AsyncGenerator<ResourceBatch> {
    if (this.started) throw new SluiceError('EXTRACT_REPEATED', 'a resource extraction can be iterated only once; create a new one');
    this.started = true;
    for (const root of this.roots) yield* this.walkTree(root);
  }

  /** Every resource of one tree at once, their batches merged as they come. */
  private async *walkTree(root: Node): AsyncGenerator<ResourceBatch> {
    const nodes: Node[] = [];
    const collect = (n: Node): void => { nodes.push(n); n.children.forEach(collect); };
    collect(root);
    const tree: Tree = { stopped: false, failure: undefined };
    const stop = (): void => {
      tree.stopped = true;
      const error = STOPPED();
      for (const n of nodes) n.input?.abandon(error);
    };
    // A resource without children in the run (the common case) needs no merge.
    const merged = nodes.length === 1
      ? this.nodeBatches(root, tree, stop)
      : mergeBounded(fromArray(nodes), nodes.length, (node) => this.nodeBatches(node, tree, stop));
    const iterator = merged[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } catch (error) {
      // The first failure, not a `STOPPED` that a child it cut off may have raised before it in the merge.
      throw tree.failure ? tree.failure.error : error;
    } finally {
      // Before closing the merge: a parent blocked handing a batch to a child must not go on requesting pages.
      stop();
      await iterator.return?.(undefined);
    }
  }

  private async *nodeBatches(node: Node, tree: Tree, stop: () => void): AsyncGenerator<ResourceBatch> {
    const { resource } = node;
    const outputs = node.children.map((c) => c.input!);
    try {
      const context: ExtractContext = node.emitted ? this.context : { state: feederState(this.context.state) };
      if (!node.emitted && this.context.signal) context.signal = this.context.signal;
      const batches = node.input ? resource.extractFrom!(node.input.records(), context) : resource.extract(context);
      for await (const batch of batches) {
        if (tree.stopped) return;
        if (node.emitted) yield { resource, batch };
        if (batch.records.length > 0) for (const output of outputs) await output.push(batch.records);
        if (tree.stopped) return;
        // A feeder whose children all stopped early (their limits) has nothing left to do.
        if (!node.emitted && outputs.every((o) => o.abandoned)) return;
      }
    } catch (error) {
      if (!tree.stopped) {
        tree.failure = { error };
        this.failedResource ??= resource.name;
        stop();
      }
      throw error;
    } finally {
      node.input?.abandon();
      for (const output of outputs) output.close();
    }
  }
}

async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}
