import { describe, expect, it } from 'vitest';
import {
  breakPath, computeTag, makePath, normalizeIdentifier, normalizePath, normalizeTableName, shortenFragments,
  shortenIdentifier, trimAndTag,
} from '../../../core/schema';

// Cases from dlt's tests/common/normalizers/test_naming_snake_case.py and test_naming.py.
describe('normalizeIdentifier (dlt snake_case)', () => {
  it.each([
    ['event_value', 'event_value'],
    ['event value', 'event_value'],
    ['event-.!:*<>value', 'event_x_value'],
    ["1event_n'", '_1event_nx'],
    ["123event_n'", '_123event_nx'],
    ['123BaNaNa', '_123_ba_na_na'],
    ['BANANA', 'banana'],
    ['BAN_ANA', 'ban_ana'],
    ['BANaNA', 'ba_na_na'],
    ['Small Love Potion', 'small_love_potion'],
    [' Small Love Potion ', 'small_love_potion'],
    ['\x1c\u0085 padded\t', 'padded'],
    ['BANANA_', 'bananax'],
    ['BANANA____', 'bananaxxxx'],
    ['+-!$*@#=|:', 'x_xa_lx'],
    ['+1', 'x1'],
    ['-1', '_1'],
    ['event__value_value2____', 'event_value_value2xxxx'],
    ['+-*@|', 'x_xal'],
    // beyond dlt's tests: what API payloads carry
    ['userName', 'user_name'],
    ['HTMLParser', 'html_parser'],
    ['user-agent', 'user_agent'],
    ['e-mail@work', 'e_mailawork'],
    ['Größe', 'gr_e'],
    ['名前', 'x'],
    ['select', 'select'],
    ['٣items', '_٣items'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeIdentifier(raw)).toBe(expected);
  });

  it('rejects an empty or blank name', () => {
    expect(() => normalizeIdentifier('   \t\n ')).toThrow(/empty identifier/);
  });
});

describe('normalizePath', () => {
  it.each([
    ['small_love_potion', 'small_love_potion'],
    ['small__love__potion', 'small__love__potion'],
    ['Small_Love_Potion', 'small_love_potion'],
    ['Small__Love__Potion', 'small__love__potion'],
    ['Small Love Potion', 'small_love_potion'],
    ['Small  Love  Potion', 'small_love_potion'],
    ['Small___Love____Potion_____x', 'small___love__potion___x'],
    ['small___love__potion___x', 'small___love__potion___x'],
    ['e_vent__value_value2___', 'e_vent__value_value2__x'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizePath(raw)).toBe(expected);
  });

  it('table names derive from resource names the same way', () => {
    expect(normalizeTableName('Pull Requests')).toBe('pull_requests');
    expect(normalizeTableName('repos/issues')).toBe('repos_issues');
  });

  it('makePath and breakPath skip empty parts', () => {
    expect(makePath('a', ' ', 'b')).toBe('a__b');
    expect(breakPath('a____b')).toEqual(['a', 'b']);
  });
});

describe('shortening with a hash tag', () => {
  it('computes dlt\'s tags (fixture from dlt test_tag_generation)', () => {
    const fixture: [string, string][] = [
      ['3f17271231504b8cf65690bcdc379df8a3b8aabe12efe1ea82848ec5f497cb69', 'gds0iw'],
      ['58e5c351b53ffe1233e0656a532a721ae1d2ac7af71b6cfec8ceb64c63b10721', 'uyboiq'],
      ['e3f34629839cedcabba95354e48a78dc80b0cd35c02ddfbbf20196ba7f968866', '51wdcg'],
      ['f0f22b8e8c58389a6c21dbcc1e261ee0354704e24996a0ec541276f58d1f2f52', 'bpm7ca'],
      ['0d0de95c7c12ceee919d28d22c970285d80a36dea4fe32dbdd667a888ae6d47f', 'doqcuq'],
      ['4973509ea648ddfbaf6c50e1fef33c3b0a3d1c1a82dff543a8255e60b6572567', 'cl7rpq'],
      ['4d4b99ff5d2a3d5cd076782c9cd088cd85d5c789d7de6bdc19c1d206b687d485', '2vvr5a'],
    ];
    for (const [content, tag] of fixture) expect(computeTag(content)).toBe(tag);
  });

  it('places the tag in the middle (dlt test_tag_placement)', () => {
    const tag = '123456';
    expect(trimAndTag('DLTHUB', tag, 6)).toBe(tag);
    expect(trimAndTag('DLT_HUB', tag, 7)).toBe('D' + tag);
    expect(trimAndTag('prefDLT_HUBsuf', tag, 7)).toBe('p' + tag);
    expect(trimAndTag('DLT_HUB_', tag, 8)).toBe('D' + tag + '_');
    expect(trimAndTag('prefDLT_HUB_suf', tag, 8)).toBe('p' + tag + 'f');
    expect(() => trimAndTag('xDLTHUBx', tag, 5)).toThrow();
  });

  it('shortens to the limit with a tag of the raw name (dlt test_shorten_identifier)', () => {
    expect(shortenIdentifier('she played cello well', 'she played cello well', 20)).toBe('she plauanpualo well');
    expect(shortenIdentifier('012345678', 'xxx012345678xxx', 10)).toBe('012345678');
    const long = 'a'.repeat(500);
    expect(shortenIdentifier(long, long)).toBe(long);
  });

  it('names longer than 63 characters fit a 63-character destination, distinct and stable', () => {
    const a = 'this_is_a_really_long_field_name_coming_from_some_api_that_never_ends_alpha';
    const b = 'this_is_a_really_long_field_name_coming_from_some_api_that_never_ends_bravo';
    const na = normalizeIdentifier(a, 63);
    const nb = normalizeIdentifier(b, 63);
    expect(na).toHaveLength(63);
    expect(nb).toHaveLength(63);
    expect(na).not.toBe(nb);
    expect(normalizeIdentifier(a, 63)).toBe(na);
    expect(na.slice(0, 29)).toBe(a.slice(0, 29));
    expect(na.slice(-28)).toBe(a.slice(-28));
    // a shortened name normalizes to itself (idempotent)
    expect(normalizePath(na, 63)).toBe(na);
  });

  it('shortens a joined path as a whole', () => {
    const path = 'prospects_external_data__data365_member__member__feed_activities_created_post__items__comments';
    const short = shortenFragments(breakPath(path), 64);
    expect(short).toHaveLength(64);
    expect(shortenFragments(breakPath(path))).toBe(path);
  });
});
