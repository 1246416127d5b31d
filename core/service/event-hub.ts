import { EVENT_NAMES, type EventListener, type EventName, type PipelineEvents } from '../api/contract';

/** In-process pub/sub for PipelineEvents; transports subscribe and forward. */
export class EventHub {
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  on<E extends EventName>(event: E, listener: EventListener<E>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (payload: unknown) => void);
    this.listeners.set(event, set);
    return () => set.delete(listener as (payload: unknown) => void);
  }

  /** Subscribes to every event; used by transports that forward all of them. */
  onAny(listener: (event: EventName, payload: unknown) => void): () => void {
    const unsubscribers = EVENT_NAMES.map((event) => this.on(event, (payload) => listener(event, payload)));
    return () => unsubscribers.forEach((off) => off());
  }

  emit<E extends EventName>(event: E, payload: PipelineEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }
}
