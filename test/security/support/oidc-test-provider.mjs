/**
 * A local OpenID Connect provider (`oidc-provider`) for the single sign-on specs, run as a child
 * process: it listens on `OIDC_TEST_PORT`, knows one confidential client (`OIDC_TEST_CLIENT`, JSON
 * `{id, secret, redirectUri}`) and the accounts of `OIDC_TEST_ACCOUNTS` (JSON `[{sub, login,
 * password, claims}]`), and logs them in through a plain HTML form at `/interaction/:uid`.
 * Consent is implied for its one client. It prints `ready <issuer>` once it listens.
 */
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_TEST_PORT);
const client = JSON.parse(process.env.OIDC_TEST_CLIENT);
const accounts = JSON.parse(process.env.OIDC_TEST_ACCOUNTS);
const issuer = `http://127.0.0.1:${port}`;
const SCOPE = 'openid profile tongban';

const provider = new Provider(issuer, {
  clients: [{
    client_id: client.id, client_secret: client.secret, redirect_uris: [client.redirectUri],
    grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic',
  }],
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'], tongban: ['department', 'roles', 'applicant_code'] },
  scopes: ['openid', 'profile', 'tongban'],
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['tongban-oidc-spec'] },
  findAccount: async (ctx, sub) => {
    const account = accounts.find((a) => a.sub === sub);
    return account ? { accountId: sub, claims: async () => ({ sub, ...account.claims }) } : undefined;
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(SCOPE);
    await grant.save();
    return grant;
  },
});

function form(uid, message) {
  return `<!doctype html><title>Sign in</title>${message ? `<p class="error">${message}</p>` : ''}
<form method="post" action="/interaction/${uid}/login"><input name="login"><input name="password" type="password"><button>Sign in</button></form>`;
}

async function body(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return new URLSearchParams(text);
}

/** The login interaction: the form, and its submission checked against the accounts. */
async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(form(uid));
    return;
  }
  if (action !== 'login') throw new Error(`unknown interaction action ${action}`);
  const submitted = await body(req);
  const account = accounts.find((a) => a.login === submitted.get('login') && a.password === submitted.get('password'));
  if (!account) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(form(uid, 'wrong login or password'));
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
}

const server = createServer((req, res) => {
  const match = /^\/interaction\/([^/?]+)(?:\/([a-z]+))?/.exec(req.url ?? '');
  if (!match) return provider.callback()(req, res);
  interaction(req, res, match[1], match[2]).catch((error) => {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error?.message ?? error));
  });
});

server.listen(port, '127.0.0.1', () => console.log(`ready ${issuer}`));
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
