// The pipeline's public surface (Node-only), for core/node.ts and the service.
export { pipeline, Pipeline } from './pipeline';
export type { PipelineOptions, ExtractOptions, StepOptions } from './pipeline';
export type { LoadInfo, FailedJob } from './load-info';
export type { ProgressEvent, ProgressListener, ProgressCounters, PipelineStepName } from './progress';
export { defaultPipelinesDir, PipelineStorage } from './pipeline-storage';
export type { LoadHistoryEntry } from './pipeline-storage';
export { summarizePackage } from './package-summary';
export type { PendingPackageSummary } from './package-summary';
export type { PackageManifest, PackageStatus, TableJobState } from './load-package';
export { RunProgressView } from './run-progress-view';
