import { SluiceError } from './sluice-error';

/** What a SecretMissingError knows: where it looked and what a person can set. Never a value. */
export interface SecretMissingFacts {
  /** The reference as written: `{secrets.token}`, or a destination field `destination.bigquery.credentials`. */
  reference: string;
  /** `source \`github\`` or `destination \`bigquery\``. */
  owner: string;
  /** Every place looked, in order: `environment variable SOURCES__GITHUB__TOKEN`, `/p/.sluice/secrets.toml`, ... */
  lookedIn: string[];
  envVar: string;
  tomlTable: string;
  tomlKey: string;
  /** `sluice secrets set github.token`, when the keychain can hold it. */
  setCommand?: string;
}

/** A `{secrets.<name>}` reference (or a required destination credential) has no value in any provider. */
export class SecretMissingError extends SluiceError {
  readonly facts: SecretMissingFacts;

  constructor(facts: SecretMissingFacts) {
    const ways = [
      `set the environment variable \`${facts.envVar}\``,
      `or add \`${facts.tomlKey} = "..."\` under \`[${facts.tomlTable}]\` in \`.sluice/secrets.toml\``,
    ];
    if (facts.setCommand) ways.push(`or run \`${facts.setCommand}\` to store it in the OS keychain`);
    const message = `Secret \`${facts.reference}\` for ${facts.owner} is not set. ` +
      `Looked in: ${facts.lookedIn.join('; ')}. To fix it, ${ways.join(', ')}.`;
    super('SECRET_MISSING', message, { details: { ...facts } });
    this.name = 'SecretMissingError';
    this.facts = facts;
  }
}
