import type { ServerResponse } from 'node:http';
import { sendJson, type ApiRequest, type ApiServer, type Route } from '../api-server';

/**
 * A GitHub-like API: repos → issues per repo → comments per issue, `Link` header pagination (`page`/`per_page`),
 * bearer auth (401 `Bad credentials` otherwise), and `since` filtering on issues (`updated_at >= since`).
 * The data lives in `server.state.get('github')` so a test can change it between runs.
 */
export interface GithubIssue { id: number; number: number; title: string; state: string; updated_at: string; repo: string }
export interface GithubComment { id: number; issue_id: number; body: string; created_at: string }
export interface GithubData {
  org: string;
  repos: Array<{ id: number; name: string; full_name: string }>;
  issues: Record<string, GithubIssue[]>;
  comments: Record<string, GithubComment[]>;
}

export const GITHUB_TOKEN = 'ghp_localtesttoken1234';

export function createGithubData(init: { org?: string; repos?: number; repoNames?: string[]; issuesPerRepo?: number; commentsPerIssue?: number; firstDay?: string } = {}): GithubData {
  const org = init.org ?? 'acme';
  const data: GithubData = { org, repos: [], issues: {}, comments: {} };
  let issueId = 1000;
  let commentId = 5000;
  const names = init.repoNames ?? Array.from({ length: init.repos ?? 3 }, (_, i) => `repo-${i + 1}`);
  const first = Date.parse(`${init.firstDay ?? '2024-01-01'}T00:00:00Z`);
  for (const [index, name] of names.entries()) {
    const r = index + 1;
    data.repos.push({ id: r, name, full_name: `${org}/${name}` });
    const issues: GithubIssue[] = [];
    for (let n = 1; n <= (init.issuesPerRepo ?? 4); n++) {
      const issue = { id: issueId++, number: n, title: `Issue ${n} of ${name}`, state: 'open', repo: name, updated_at: new Date(first + (n - 1) * 86_400_000 + r * 3_600_000).toISOString().replace('.000', '') };
      issues.push(issue);
      const comments: GithubComment[] = [];
      for (let c = 1; c <= (init.commentsPerIssue ?? 3); c++) comments.push({ id: commentId++, issue_id: issue.id, body: `comment ${c}`, created_at: issue.updated_at });
      data.comments[`${name}#${n}`] = comments;
    }
    data.issues[name] = issues;
  }
  return data;
}

function authorized(req: ApiRequest, res: ServerResponse, token: string): boolean {
  if (req.headers.authorization === `Bearer ${token}`) return true;
  sendJson(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
  return false;
}

/** Sends one page of `items` with GitHub's `Link` header (`next`, `last`). */
function sendPaged(req: ApiRequest, res: ServerResponse, items: unknown[], defaultPerPage = 30): void {
  const perPage = Math.min(Number(req.url.searchParams.get('per_page') ?? defaultPerPage), 100);
  const page = Number(req.url.searchParams.get('page') ?? 1);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number) => {
    const url = new URL(req.url.href);
    url.searchParams.set('page', String(p));
    url.searchParams.set('per_page', String(perPage));
    return url.href;
  };
  const links: string[] = [];
  if (page < lastPage) links.push(`<${link(page + 1)}>; rel="next"`);
  links.push(`<${link(lastPage)}>; rel="last"`);
  sendJson(res, 200, items.slice((page - 1) * perPage, page * perPage), { link: links.join(', ') });
}

export function githubRoutes(options: { token?: string; perPage?: number } = {}): Route[] {
  const token = options.token ?? GITHUB_TOKEN;
  const data = (server: ApiServer) => server.state.get('github') as GithubData;
  return [
    {
      method: 'GET', path: '/orgs/:org/repos',
      handler: (req, res, server) => { if (authorized(req, res, token)) sendPaged(req, res, data(server).repos, options.perPage); },
    },
    {
      method: 'GET', path: '/repos/:owner/:repo/issues',
      handler: (req, res, server) => {
        if (!authorized(req, res, token)) return;
        let issues = data(server).issues[req.params.repo!];
        if (!issues) return sendJson(res, 404, { message: 'Not Found' });
        const since = req.url.searchParams.get('since');
        // `github.ignoreSince` plays an API that returns more than asked for (the client must filter).
        if (since && !server.state.get('github.ignoreSince')) issues = issues.filter((i) => Date.parse(i.updated_at) >= Date.parse(since));
        const desc = req.url.searchParams.get('direction') === 'desc';
        issues = [...issues].sort((a, b) => (Date.parse(a.updated_at) - Date.parse(b.updated_at)) * (desc ? -1 : 1));
        sendPaged(req, res, issues, options.perPage);
      },
    },
    {
      method: 'GET', path: '/repos/:owner/:repo/issues/:number/comments',
      handler: (req, res, server) => {
        if (!authorized(req, res, token)) return;
        const comments = data(server).comments[`${req.params.repo}#${req.params.number}`];
        if (!comments) return sendJson(res, 404, { message: 'Not Found' });
        sendPaged(req, res, comments, options.perPage);
      },
    },
  ];
}
