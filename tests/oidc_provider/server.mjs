// Minimal, real OpenID Connect provider for the single sign-on tests (node `oidc-provider` 8.8.1,
// which supports Node 20). Installed by bin/test with `npm ci` in this folder.
//
// Usage:  node server.mjs <config.json>        (or config JSON on stdin with "-")
//
// config.json:
// {
//   "port": 0,                       // 0 = pick a free port (race-free: we listen first)
//   "host": "127.0.0.1",
//   "require_pkce": true,            // refuse authorization requests without PKCE
//   "clients": [{"client_id": "...", "client_secret": "...",
//                "redirect_uris": ["http://127.0.0.1:8000/sso/oidc/acme/login/callback/"],
//                "token_endpoint_auth_method": "client_secret_post"}],
//   "users": [{"email": "alice@acme.test", "email_verified": true, "name": "Alice"}]
// }
//
// On success prints ONE line to stdout:  {"issuer": "http://127.0.0.1:PORT", "port": PORT}
// Test-only control endpoint: POST /_test/users  (JSON list of users, added/replaced).
// Nothing loads from the internet: all pages are self-contained HTML.
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import Provider from 'oidc-provider';

const raw = process.argv[2] === '-' || !process.argv[2]
  ? fs.readFileSync(0, 'utf8')
  : fs.readFileSync(process.argv[2], 'utf8');
const cfg = JSON.parse(raw);

// ---- accounts --------------------------------------------------------------
const users = new Map(); // key: lower-cased e-mail
function addUsers(list) {
  for (const u of list) {
    users.set(u.email.toLowerCase(), {
      sub: u.sub || `sub-${crypto.createHash('sha256').update(u.email.toLowerCase()).digest('hex').slice(0, 16)}`,
      email: u.email,
      email_verified: u.email_verified !== false, // default true
      name: u.name || u.email.split('@')[0],
      given_name: u.given_name,
      family_name: u.family_name,
      extra: u.extra_claims || {},
    });
  }
}
addUsers(cfg.users || []);
const bySub = (sub) => [...users.values()].find((u) => u.sub === sub);

// ---- helpers ---------------------------------------------------------------
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
}[c]));
const page = (title, body) => `<!DOCTYPE html><html><head><meta charset="utf-8">
<title>${esc(title)}</title></head><body><h1>${esc(title)}</h1>${body}</body></html>`;
async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

// ---- key material (fresh per start) ---------------------------------------
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: crypto.randomUUID(), use: 'sig', alg: 'RS256' };

// ---- listen first (port 0 => free port), then build the provider -----------
let handler = (req, res) => { res.statusCode = 503; res.end('starting'); };
const server = http.createServer((req, res) => handler(req, res));
server.listen(cfg.port || 0, cfg.host || '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://${cfg.host || '127.0.0.1'}:${port}`;

  const provider = new Provider(issuer, {
    clients: (cfg.clients || []).map((c) => ({
      client_id: c.client_id,
      client_secret: c.client_secret,
      redirect_uris: c.redirect_uris,
      post_logout_redirect_uris: c.post_logout_redirect_uris || [],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      // allauth picks client_secret_post when discovery lists it (it does here)
      token_endpoint_auth_method: c.token_endpoint_auth_method || 'client_secret_post',
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    },
    conformIdTokenClaims: false, // put email etc. into the ID token too (like Google/Entra)
    pkce: { required: () => Boolean(cfg.require_pkce) },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
    },
    async findAccount(ctx, sub) {
      const u = bySub(sub);
      if (!u) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub: u.sub,
            email: u.email,
            email_verified: u.email_verified,
            name: u.name,
            given_name: u.given_name,
            family_name: u.family_name,
            preferred_username: u.email,
            ...u.extra,
          };
        },
      };
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page('OIDC error', `<pre id="error">${esc(JSON.stringify(out, null, 2))}</pre>`);
    },
    async logoutSource(ctx, form) {
      ctx.body = page('Sign out', `${form}<button form="op.logoutForm" name="logout" value="yes" id="logout">Sign out</button>`);
    },
    async postLogoutSuccessSource(ctx) { ctx.body = page('Signed out', ''); },
  });

  for (const ev of ['server_error', 'authorization.error', 'grant.error', 'userinfo.error', 'backchannel.error']) {
    provider.on(ev, (ctx, err) => console.error(`[oidc] ${ev}: ${err && (err.error_description || err.message)}`));
  }

  // --- interaction (login + auto consent) and test control routes ----------
  provider.use(async (ctx, next) => {
    const m = ctx.path.match(/^\/interaction\/([^/]+)(\/login|\/abort)?$/);
    if (ctx.path === '/_test/users' && ctx.method === 'POST') {
      addUsers(JSON.parse(await readBody(ctx.req)));
      ctx.body = { ok: true, users: users.size };
      return;
    }
    if (ctx.path === '/_test/health') { ctx.body = 'ok'; return; }
    if (!m) return next();
    ctx.set('cache-control', 'no-store');
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const { uid, prompt, params, session } = details;
    if (m[1] !== uid) ctx.throw(400, 'interaction mismatch');

    if (m[2] === '/abort') {
      const to = await provider.interactionResult(ctx.req, ctx.res, {
        error: 'access_denied', error_description: 'user cancelled',
      }, { mergeWithLastSubmission: false });
      ctx.status = 303; ctx.redirect(to); return;
    }

    if (m[2] === '/login' && ctx.method === 'POST') {
      const form = new URLSearchParams(await readBody(ctx.req));
      const email = (form.get('email') || '').trim().toLowerCase();
      const u = users.get(email);
      if (!u) {
        ctx.status = 200; ctx.type = 'html';
        ctx.body = loginPage(uid, params, `Unknown user ${email}`);
        return;
      }
      const to = await provider.interactionResult(ctx.req, ctx.res, {
        login: { accountId: u.sub },
      }, { mergeWithLastSubmission: false });
      ctx.status = 303; ctx.redirect(to); return;
    }

    if (prompt.name === 'login') {
      ctx.type = 'html';
      ctx.body = loginPage(uid, params, '');
      return;
    }
    if (prompt.name === 'consent') { // auto-approve everything requested (first-party test IdP)
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
      const d = prompt.details;
      if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
      if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
      if (d.missingResourceScopes) {
        for (const [ind, scopes] of Object.entries(d.missingResourceScopes)) grant.addResourceScope(ind, scopes.join(' '));
      }
      const grantId = await grant.save();
      const to = await provider.interactionResult(ctx.req, ctx.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      ctx.status = 303; ctx.redirect(to); return;
    }
    ctx.throw(501, `unsupported prompt ${prompt.name}`);
  });

  function loginPage(uid, params, error) {
    return page('Test IdP sign-in', `
      ${error ? `<p id="error" style="color:red">${esc(error)}</p>` : ''}
      <p>Client: <code>${esc(params.client_id)}</code></p>
      <form method="post" action="/interaction/${esc(uid)}/login" autocomplete="off">
        <label>E-mail <input id="email" name="email" type="email" required autofocus></label>
        <button id="submit" type="submit">Sign in</button>
      </form>
      <a id="cancel" href="/interaction/${esc(uid)}/abort">Cancel</a>`);
  }

  handler = provider.callback();
  process.stdout.write(`${JSON.stringify({ issuer, port })}\n`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
