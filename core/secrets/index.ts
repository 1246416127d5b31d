// Node-only public surface of the secrets providers. Other parts import from here, never deep paths.
export { createSecretResolver, ProviderSecretResolver } from './secret-resolver';
export type { SecretResolverOptions, DestinationField, DestinationConfig, ResolvedSecretOrigin } from './secret-resolver';
export {
  sourceKey, destinationKey, envVarName, tomlLocation, keychainAccount, parseSecretKey, formatSecretKey,
} from './secret-key';
export type { SecretKey, SecretScope } from './secret-key';
export type { KeychainStore } from './keychain-store';
export { KEYCHAIN_SERVICE, keychainStoreName } from './keychain-store';
export { OsKeychainStore } from './os-keychain-store';
export type { SecretProvider, ProvidedValue } from './secret-provider';
export { SecretsService } from './secrets-service';
export { findLiteralCredentials, protectLiteralCredentials, SECRET_AUTH_FIELDS } from './literal-credentials';
export type { LiteralCredential } from './literal-credentials';
export { moveCredentialsToKeychain } from './move-credentials';
export type { MovedCredential, MoveCredentialsResult } from './move-credentials';
export { sourceSectionName, toSectionName } from './section-name';
export { VerboseSecretResolver, describeSecretOrigin } from './verbose-secret-resolver';
export type { SecretsServiceOptions } from './secrets-service';
export { SessionSecretStore, SESSION_STORE_NAME } from './session-secret-store';
export { SectionSecretsMove } from './section-move';
export type { SectionStore } from './section-move';
export type { CredentialStorage, SectionMovePlan } from './secrets-service';
