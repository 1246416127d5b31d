import type { BasePaginator } from './base';
import { PAGINATOR_OPTIONS, PAGINATOR_TYPES, type PaginatorConfig, type PaginatorType } from './types';
import { checkOptions } from '../http/option-spec';
import { parseJsonPath } from '../http/json-path';
import { ConfigError } from '../errors/config-error';
import { isSluiceError } from '../errors/sluice-error';
import { JsonLinkPaginator } from './json-link-paginator';
import { HeaderLinkPaginator } from './header-link-paginator';
import { HeaderCursorPaginator } from './header-cursor-paginator';
import { CursorPaginator } from './cursor-paginator';
import { OffsetPaginator } from './offset-paginator';
import { PageNumberPaginator } from './page-number-paginator';
import { SinglePagePaginator } from './single-page-paginator';
import { AutoPaginator } from './auto-paginator';

/** Builds a paginator from its (already validated) dlt-shaped config. */
export type PaginatorFactory = (config: Record<string, unknown>) => BasePaginator;

type C = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- validated by checkOptions

const builtIn: Record<PaginatorType, PaginatorFactory> = {
  json_link: (c: C) => new JsonLinkPaginator(c.next_url_path),
  header_link: (c: C) => new HeaderLinkPaginator(c.links_next_key),
  header_cursor: (c: C) => new HeaderCursorPaginator(c.cursor_key, c.cursor_param),
  cursor: (c: C) => new CursorPaginator({
    cursorPath: c.cursor_path, cursorParam: c.cursor_param, cursorBodyPath: c.cursor_body_path,
    hasMorePath: c.has_more_path, stopAfterEmptyPage: c.stop_after_empty_page,
  }),
  offset: (c: C) => new OffsetPaginator({
    limit: c.limit, offset: c.offset, offsetParam: c.offset_param, limitParam: c.limit_param,
    offsetBodyPath: c.offset_body_path, limitBodyPath: c.limit_body_path, totalPath: c.total_path,
    maximumOffset: c.maximum_offset, stopAfterEmptyPage: c.stop_after_empty_page, hasMorePath: c.has_more_path,
  }),
  page_number: (c: C) => new PageNumberPaginator({
    basePage: c.base_page, page: c.page, pageParam: c.page_param, pageBodyPath: c.page_body_path,
    totalPath: c.total_path, maximumPage: c.maximum_page, stopAfterEmptyPage: c.stop_after_empty_page,
    hasMorePath: c.has_more_path,
  }),
  single_page: () => new SinglePagePaginator(),
  auto: () => new AutoPaginator(),
};

const custom = new Map<string, PaginatorFactory>();

/** Registers a custom paginator under a name usable as `paginator.type` in configs. */
export function registerPaginator(name: string, factory: PaginatorFactory): void {
  if (name in builtIn) throw new ConfigError(`cannot register paginator \`${name}\`: it is a built-in type`);
  custom.set(name, factory);
}

export function paginatorTypeNames(): string[] {
  return [...PAGINATOR_TYPES, ...custom.keys()];
}

/** Range paginators need some way to stop; a config without any is rejected before the first request. */
function checkStopRule(type: string, c: C, path: string): void {
  if (type !== 'offset' && type !== 'page_number') return;
  const max = type === 'offset' ? 'maximum_offset' : 'maximum_page';
  const hasTotal = c.total_path === undefined || (c.total_path !== null && c.total_path !== '');
  if (!hasTotal && c[max] === undefined && c.has_more_path === undefined && c.stop_after_empty_page === false) {
    throw new ConfigError(
      `the \`${type}\` paginator has no way to stop: set \`total_path\`, \`${max}\`, \`has_more_path\` or \`stop_after_empty_page: true\``,
      { path },
    );
  }
}

/**
 * Creates a paginator from a dlt config object, a bare type name (`"json_link"`), an instance (returned as is), or
 * nothing (`auto`). `path` locates the config in error messages (`resources[2].endpoint.paginator`).
 */
export function createPaginator(config: PaginatorConfig | string | BasePaginator | undefined | null, path = 'paginator'): BasePaginator {
  if (config === undefined || config === null) return new AutoPaginator();
  if (typeof config === 'object' && 'updateState' in config && typeof config.updateState === 'function') return config as BasePaginator;
  const c: C = typeof config === 'string' ? { type: config } : (config as C);
  const type: unknown = c.type;
  if (typeof type !== 'string') {
    throw new ConfigError(`paginator \`type\` is missing: valid values are: ${paginatorTypeNames().join(', ')}`, { path: `${path}.type` });
  }
  const factory = builtIn[type as PaginatorType] ?? custom.get(type);
  if (!factory) {
    throw new ConfigError(`unknown paginator type \`${type}\`: valid values are: ${paginatorTypeNames().join(', ')}`, { path: `${path}.type` });
  }
  const specs = PAGINATOR_OPTIONS[type as PaginatorType];
  if (specs) {
    checkOptions(c, specs, `the \`${type}\` paginator`, path);
    for (const spec of specs) {
      if (spec.kind !== 'jsonpath' || typeof c[spec.name] !== 'string') continue;
      try {
        parseJsonPath(c[spec.name]);
      } catch (error) {
        throw new ConfigError(`\`${spec.name}\` of the \`${type}\` paginator: ${isSluiceError(error) ? error.message : String(error)}`, { path: `${path}.${spec.name}`, cause: error });
      }
    }
    checkStopRule(type, c, path);
  }
  return factory(c);
}
