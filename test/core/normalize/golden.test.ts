import { describe, expect, it } from 'vitest';
import { Normalizer } from '../../../core/normalize';
import { newSchema } from '../../../core/schema';
import type { Row, Schema, TableHints } from '../../../core/schema';
import { awkwardNames, githubIssues, hubspotContact, stripeCharge } from './fixtures/payloads';

/** Tables → columns (in order) → data types: what a dbt model written against a dlt dataset sees. */
function layout(schema: Schema): Record<string, Record<string, string>> {
  return Object.fromEntries(Object.values(schema.tables).map((t) =>
    [t.name, Object.fromEntries(Object.values(t.columns).map((c) => [c.name, c.data_type]))]));
}

function normalize(records: unknown[], hints: Partial<TableHints> & { resource: string }, maxIdentifierLength?: number) {
  const schema = newSchema('golden');
  const normalizer = new Normalizer({ schema, loadId: '1732590000.5', maxIdentifierLength });
  normalizer.addResource({ table_name: hints.resource, write_disposition: 'append', ...hints });
  const rows = normalizer.normalize(hints.resource, records);
  return { schema, rows, normalizer };
}

const GITHUB_LAYOUT = {
  issues: {
    url: 'text', id: 'bigint', node_id: 'text', number: 'bigint', title: 'text', user__login: 'text',
    user__id: 'bigint', user__node_id: 'text', user__type: 'text', user__site_admin: 'bool', state: 'text',
    locked: 'bool', assignee__login: 'text', assignee__id: 'bigint', assignee__node_id: 'text',
    assignee__type: 'text', assignee__site_admin: 'bool', comments: 'bigint', created_at: 'timestamp',
    updated_at: 'timestamp', body: 'text', reactions__total_count: 'bigint', reactions__x1: 'bigint',
    reactions___1: 'bigint', reactions__laugh: 'bigint', pull_request__url: 'text', _dlt_load_id: 'text',
    _dlt_id: 'text', closed_at: 'timestamp',
  },
  issues__labels: {
    id: 'bigint', name: 'text', color: 'text', default: 'bool', _dlt_root_id: 'text', _dlt_parent_id: 'text',
    _dlt_list_idx: 'bigint', _dlt_id: 'text',
  },
  issues__assignees: {
    login: 'text', id: 'bigint', node_id: 'text', type: 'text', site_admin: 'bool', _dlt_root_id: 'text',
    _dlt_parent_id: 'text', _dlt_list_idx: 'bigint', _dlt_id: 'text',
  },
};

const STRIPE_LAYOUT = {
  charges: {
    id: 'text', object: 'text', amount: 'bigint', amount_captured: 'bigint', amount_refunded: 'bigint',
    balance_transaction: 'text', billing_details__address__country: 'text',
    billing_details__address__postal_code: 'text', billing_details__email: 'text', captured: 'bool',
    created: 'bigint', currency: 'text', livemode: 'bool', metadata__order_id: 'text',
    metadata__campaign_source: 'text', outcome__network_status: 'text', outcome__risk_level: 'text',
    outcome__risk_score: 'bigint', outcome__seller_message: 'text', outcome__type: 'text', paid: 'bool',
    payment_method_details__card__brand: 'text', payment_method_details__card__checks__cvc_check: 'text',
    payment_method_details__card__exp_month: 'bigint', payment_method_details__card__exp_year: 'bigint',
    payment_method_details__card__last4: 'text', payment_method_details__card__network: 'text',
    payment_method_details__type: 'text', refunds__object: 'text', refunds__has_more: 'bool',
    refunds__total_count: 'bigint', refunds__url: 'text', status: 'text', _dlt_load_id: 'text',
    _dlt_id: 'text',
  },
  charges__fee_details: {
    amount: 'bigint', currency: 'text', type: 'text', _dlt_parent_id: 'text', _dlt_list_idx: 'bigint',
    _dlt_id: 'text',
  },
};

const HUBSPOT_LAYOUT = {
  contacts: {
    id: 'text', properties__createdate: 'timestamp', properties__email: 'text', properties__firstname: 'text',
    properties__lastname: 'text', properties__hs_object_id: 'text', properties__lastmodifieddate: 'timestamp',
    associations__companies__paging__next__after: 'text', associations__companies__paging__next__link: 'text',
    created_at: 'timestamp', updated_at: 'timestamp', archived: 'bool', _dlt_load_id: 'text', _dlt_id: 'text',
  },
  contacts__properties_with_history__lifecyclestage: {
    value: 'text', timestamp: 'timestamp', source_type: 'text', source_id: 'text', _dlt_parent_id: 'text',
    _dlt_list_idx: 'bigint', _dlt_id: 'text',
  },
  contacts__associations__companies__results: {
    id: 'text', type: 'text', _dlt_parent_id: 'text', _dlt_list_idx: 'bigint', _dlt_id: 'text',
  },
};

const AWKWARD_LAYOUT = {
  people: {
    _123: 'text', first_name: 'text', last_name: 'text', stra_e: 'text', _n_c_d_k_y: 'bigint',
    _2fa_enabled: 'bool', select: 'text', from: 'text', order: 'bigint', group: 'text', e_mailawork: 'text',
    pricex: 'double', a_field_name_that_is_definiteg9vzkge_characters_in_total_length: 'text',
    a_field_name_that_is_definite3dnmvgee_characters_in_total_width: 'text', camel_case_key: 'text',
    trailingx: 'text', padded: 'text', _dlt_load_id: 'text', _dlt_id: 'text',
  },
};

describe('golden: exact tables, columns and types', () => {
  it('GitHub issues (user, labels, assignees; pull_request only on some)', () => {
    const { schema, rows } = normalize(githubIssues, { resource: 'issues', write_disposition: 'merge', primary_key: ['id'] });
    expect(layout(schema)).toEqual(GITHUB_LAYOUT);
    // column order is dlt's: data columns of the first record, then _dlt_load_id/_dlt_id, then later columns
    expect(Object.keys(schema.tables.issues!.columns)).toEqual(Object.keys(GITHUB_LAYOUT.issues));
    expect([...rows.keys()]).toEqual(['issues', 'issues__labels', 'issues__assignees']);
    const [first, second] = rows.get('issues')!;
    expect(first).toMatchObject({ id: 1, user__login: 'octocat', reactions__x1: 2, reactions___1: 1, pull_request__url: 'https://api.github.com/repos/o/r/pulls/1347', _dlt_load_id: '1732590000.5' });
    expect(first).not.toHaveProperty('closed_at');
    expect(second).toMatchObject({ id: 2, closed_at: '2011-04-24T10:00:00Z' });
    expect(second).not.toHaveProperty('pull_request__url');
    expect(rows.get('issues__labels')!.map((r) => [r.name, r._dlt_list_idx, r._dlt_parent_id === first!._dlt_id, r._dlt_root_id === first!._dlt_id]))
      .toEqual([['bug', 0, true, true], ['p1', 1, true, true]]);
    expect(rows.get('issues__assignees')!.map((r) => r.login)).toEqual(['octocat', 'hubot']);
    expect(schema.tables.issues!.columns.id).toMatchObject({ primary_key: true, nullable: false });
    expect(schema.tables.issues__labels).toMatchObject({ parent: 'issues' });
    expect(schema.tables.issues!.columns._dlt_id).toMatchObject({ unique: true, nullable: false });
  });

  it('a Stripe-like charge (deep objects flatten, empty lists make no table, nulls make no column)', () => {
    const { schema, rows } = normalize([stripeCharge], { resource: 'charges' });
    expect(layout(schema)).toEqual(STRIPE_LAYOUT);
    expect(rows.get('charges')![0]).toMatchObject({ payment_method_details__card__last4: '4242', metadata__campaign_source: 'spring sale' });
    expect(rows.get('charges__fee_details')).toHaveLength(1);
  });

  it('a HubSpot-like contact (lists deep inside objects, camelCase)', () => {
    const { schema, rows } = normalize([hubspotContact], { resource: 'contacts' });
    expect(layout(schema)).toEqual(HUBSPOT_LAYOUT);
    expect(rows.get('contacts__properties_with_history__lifecyclestage')!.map((r) => r.value)).toEqual(['lead', 'customer']);
    expect(rows.get('contacts__associations__companies__results')![0]).toMatchObject({ id: '9001', type: 'contact_to_company' });
  });

  it('field names with spaces, dashes, unicode, leading digits, SQL keywords and >63 characters (63-character limit)', () => {
    const { schema, rows } = normalize([awkwardNames], { resource: 'people' }, 63);
    expect(layout(schema)).toEqual(AWKWARD_LAYOUT);
    for (const name of Object.keys(schema.tables.people!.columns)) expect(name.length).toBeLessThanOrEqual(63);
    expect(rows.get('people')![0]).toMatchObject({ first_name: 'Ada', _2fa_enabled: true, select: 'keyword', padded: 'trimmed' });
    // columns whose name does not spell the source key remember it
    expect(schema.tables.people!.columns.first_name!.source_path).toEqual(['First Name']);
    expect(schema.tables.people!.columns.select!.source_path).toBeUndefined();
  });

  it('table names derive from resource names and are shortened at the limit like columns', () => {
    const record = { items: [{ a_rather_long_property_name_inside_the_list: 1 }] };
    const { schema } = normalize([record], { resource: 'Customer Orders With A Long Resource Name' }, 40);
    const names = Object.keys(schema.tables);
    // 'customer_orders_with_a_long_resource_name' is 41 characters: head + 6-character tag + tail
    expect(names[0]).toHaveLength(40);
    expect(names[0]!.slice(0, 17)).toBe('customer_orders_w');
    expect(names[0]!.slice(-17)).toBe('ong_resource_name');
    expect(names).toHaveLength(2);
    expect(names[1]).toHaveLength(40);
    expect(schema.tables[names[1]!]!.parent).toBe(names[0]);
  });
});

describe('rows are JSON-serialisable for NDJSON files', () => {
  it('every value survives JSON.stringify/parse (binary as base64, dates as ISO, bigints as strings)', () => {
    const { rows, schema } = normalize([{ id: 1, blob: new Uint8Array([104, 105]), at: new Date('2024-01-02T03:04:05Z'), big: 12345678901234567890n, small: 5n, huge: 1e21 }], { resource: 'misc' });
    const row = rows.get('misc')![0] as Row;
    expect(JSON.parse(JSON.stringify(row))).toEqual(row);
    expect(row).toMatchObject({ blob: 'aGk=', at: '2024-01-02T03:04:05.000Z', big: '12345678901234567890', small: 5, huge: 1e21 });
    expect(layout(schema).misc).toMatchObject({ blob: 'binary', at: 'timestamp', big: 'decimal', small: 'bigint', huge: 'double' });
  });
});
