export { BasePaginator } from './base';
export { NextUrlPaginator } from './next-url-paginator';
export { RangePaginator } from './range-paginator';
export type { RangeOptions } from './range-paginator';
export { JsonLinkPaginator } from './json-link-paginator';
export { HeaderLinkPaginator } from './header-link-paginator';
export { HeaderCursorPaginator } from './header-cursor-paginator';
export { CursorPaginator } from './cursor-paginator';
export type { CursorPaginatorOptions } from './cursor-paginator';
export { OffsetPaginator } from './offset-paginator';
export type { OffsetPaginatorOptions } from './offset-paginator';
export { PageNumberPaginator } from './page-number-paginator';
export type { PageNumberPaginatorOptions } from './page-number-paginator';
export { SinglePagePaginator } from './single-page-paginator';
export { AutoPaginator } from './auto-paginator';
export { detectPaginator } from './detect';
export type { PaginatorDetection } from './detect';
export { parseLinkHeader } from './link-header';
export { createPaginator, registerPaginator, paginatorTypeNames } from './registry';
export type { PaginatorFactory } from './registry';
export { PAGINATOR_OPTIONS, PAGINATOR_TYPES } from './types';
export type {
  PaginatorConfig, PaginatorType, BuiltInPaginatorConfig, CustomPaginatorConfig, JsonLinkPaginatorConfig,
  HeaderLinkPaginatorConfig, HeaderCursorPaginatorConfig, CursorPaginatorConfig, OffsetPaginatorConfig,
  PageNumberPaginatorConfig, SinglePagePaginatorConfig, AutoPaginatorConfig,
} from './types';
