export { API_METHODS, EVENT_NAMES, isApiMethod, apiChannel, eventChannel } from './contract';
export type {
  PipelineApi, PipelineEvents, PipelineClient, PipelineEventSource, ApiMethod, ApiInput, ApiOutput, EventName, EventListener,
} from './contract';
export { toErrorData, fromErrorData, settle, unwrap } from './result';
export type { ApiResult } from './result';
export type { AppInfo, PreviewRequestInput, PreviewResponse } from './preview-types';
export type {
  SecretProviderName, SecretOrigin, SetSecretInput, DeleteSecretInput, DeleteSecretResult, ListSecretsInput, SecretStatus, SecretListing,
} from './secrets-types';
export type { ImportSourceConfigInput, ImportSourceConfigResult, ImportedCredential, SessionOnlyCredentials } from './import-types';
export type { SaveProjectInput, SaveProjectResult, OpenProjectInput, OpenProjectResult, MovedSecret } from './project-types';
