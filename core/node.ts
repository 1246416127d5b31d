// The Node-only public surface: the engine, the service and the hosts.
export { PipelineService } from './service/pipeline-service';
export type { PipelineServiceOptions } from './service/pipeline-service';
export { startHttpHost, CONTENT_SECURITY_POLICY } from './service/http-host';
export type { HttpHost, HttpHostOptions } from './service/http-host';
export { EventHub } from './service/event-hub';
export { runCli } from './cli/run-cli';
