// An OpenID Connect provider for the tests, set up like ID-porten, on a loopback port.
//
//   node provider.mjs config.json
//
// config.json (written by tests/oidc/fixtures.py):
//   host, port            where to listen; port 0 picks a free one
//   clients               oidc-provider client metadata, plus frontchannel_logout_uri and
//                         frontchannel_logout_session_required
//   accounts              optional extra claims per national identity number (pid)
//   jwks                  {"keys": [private RSA JWKs]}: the first one signs
//   cookie_keys           secrets that sign the provider's cookies
//   ttl                   lifetimes in seconds (AuthorizationCode, IdToken, AccessToken, ...)
//   stop_on_stdin_close   exit when standard input closes (the test process went away)
//
// When it listens it prints one JSON line on stdout: {"issuer": ..., "port": ...}.
// Everything else (a line per request, provider errors) goes to stderr.
//
// What it does like ID-porten: acr idporten-loa-substantial / idporten-loa-high, amr, pid,
// locale and sid in the ID token, PKCE (S256) required, RP-initiated logout that ends the
// whole session without a confirmation page, then front-channel logout of the other
// clients (oidc-provider 9 has no front-channel logout; it is built here, see endSession).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import { Provider, errors } from 'oidc-provider';

const HIGH = 'idporten-loa-high';
const SUBSTANTIAL = 'idporten-loa-substantial';
const ACR_VALUES = [SUBSTANTIAL, HIGH];
const AMR = { [HIGH]: ['BankID'], [SUBSTANTIAL]: ['MinID'] };
const LOCALES = ['nb', 'nn', 'en', 'se'];
const PID = /^\d{11}$/;
const LOOPBACKS = new Set(['localhost', '127.0.0.1', '[::1]']);
const ROUTES = {
  authorization: '/authorize',
  token: '/token',
  jwks: '/jwks',
  userinfo: '/userinfo',
  end_session: '/logout',
};
const TTL = {
  AuthorizationCode: 60,
  IdToken: 300,
  AccessToken: 300,
  Interaction: 600,
  Session: 3600,
  Grant: 3600,
};

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const accounts = config.accounts ?? {};
const localeOf = new Map(); // pid -> the ui_locales language of the last login
const loginOrigin = new Map(); // sid -> origin of the redirect_uri the client logged in with

function log(...parts) {
  process.stderr.write(`${new Date().toISOString()} ${parts.join(' ')}\n`);
}

function html(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body, head = '') {
  return `<!DOCTYPE html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(title)}</title>
${head}
</head>
<body>
<main>
<h1>${html(title)}</h1>
${body}
</main>
</body>
</html>`;
}

async function readForm(ctx) {
  const chunks = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += chunk.length;
    if (size > 64 * 1024) ctx.throw(413);
    chunks.push(chunk);
  }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

function requestedAcr(params) {
  const asked = String(params.acr_values ?? '').split(' ').filter((v) => ACR_VALUES.includes(v));
  return asked[0] ?? HIGH;
}

function requestedLocale(params) {
  return String(params.ui_locales ?? '').split(' ').find((v) => LOCALES.includes(v));
}

async function findAccount(ctx, id) {
  if (!PID.test(id)) return undefined;
  return {
    accountId: id,
    async claims() {
      const extra = accounts[id] ?? {};
      return {
        locale: localeOf.get(id) ?? 'nb',
        ...extra,
        sub: id,
        pid: id,
      };
    },
  };
}

async function renderError(ctx, out) {
  ctx.type = 'html';
  ctx.body = page('Noe gikk galt', `<p id="error">${html(out.error)}</p>
<p id="error_description">${html(out.error_description)}</p>`);
}

async function logoutSource(ctx, form) {
  // Only shown when the automatic confirmation below could not finish the logout.
  const button = '<input type="hidden" name="logout" value="yes"/><button type="submit">Logg ut</button></form>';
  ctx.body = page('Logg ut', form.replace('</form>', button));
}

async function postLogoutSuccessSource(ctx) {
  ctx.body = page('Du er logget ut', '<p>Du er logget ut av alle tjenester.</p>');
}

const clients = config.clients.map((client) => ({
  grant_types: ['authorization_code'],
  response_types: ['code'],
  ...client,
}));

const configuration = {
  clients,
  jwks: config.jwks,
  cookies: {
    keys: config.cookie_keys,
    long: { httpOnly: true, sameSite: 'lax' },
    short: { httpOnly: true, sameSite: 'lax' },
  },
  // ID-porten puts pid, locale, acr, amr, auth_time and sid in the ID token of the code flow.
  claims: { amr: null, openid: ['sub', 'pid', 'locale', 'acr', 'amr', 'auth_time'], profile: ['name'] },
  conformIdTokenClaims: false,
  acrValues: ACR_VALUES,
  pkce: { required: () => true },
  responseTypes: ['code'],
  clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
  routes: ROUTES,
  ttl: { ...TTL, ...(config.ttl ?? {}) },
  findAccount,
  renderError,
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  extraClientMetadata: {
    properties: ['frontchannel_logout_uri', 'frontchannel_logout_session_required'],
    validator(ctx, key, value) {
      if (key === 'frontchannel_logout_uri' && value !== undefined && !URL.canParse(value)) {
        throw new errors.InvalidClientMetadata('frontchannel_logout_uri must be a URL');
      }
    },
  },
  discovery: {
    frontchannel_logout_supported: true,
    frontchannel_logout_session_supported: true,
    ui_locales_supported: LOCALES,
  },
  features: {
    devInteractions: { enabled: false },
    userinfo: { enabled: true },
    rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
  },
};

function loginForm(uid, params, { pid = '', acr = requestedAcr(params), error = '' } = {}) {
  const options = ACR_VALUES.map((value) => {
    const label = value === HIGH ? 'Høyt (BankID)' : 'Betydelig (MinID)';
    return `<option value="${value}"${value === acr ? ' selected' : ''}>${label}</option>`;
  }).join('');
  const message = error ? `<p id="error" role="alert">${html(error)}</p>` : '';
  return page('Logg inn', `${message}
<p>Innlogging til ${html(params.client_id)}</p>
<form method="post" action="/interaction/${html(uid)}">
<p><label for="pid">Fødselsnummer</label>
<input id="pid" name="pid" value="${html(pid)}" inputmode="numeric" autocomplete="off"></p>
<p><label for="acr">Sikkerhetsnivå</label>
<select id="acr" name="acr">${options}</select></p>
<p><button type="submit" name="action" value="login">Logg inn</button>
<button type="submit" name="action" value="cancel">Avbryt</button></p>
</form>`);
}

// Grant what the client asked for: the test users never see a consent page.
async function grantFor(provider, details, accountId) {
  const { params, prompt } = details;
  let grant;
  if (details.grantId && details.session?.accountId === accountId) {
    grant = await provider.Grant.find(details.grantId);
  }
  const fresh = !grant;
  grant ??= new provider.Grant({ accountId, clientId: params.client_id });
  grant.addOIDCScope(String(params.scope ?? 'openid'));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  return fresh ? { grantId } : {};
}

async function finish(ctx, provider, result) {
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, {
    mergeWithLastSubmission: false,
  });
  ctx.redirect(returnTo);
  ctx.status = 303;
}

async function showInteraction(ctx, provider) {
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.prompt.name === 'consent') {
    const { accountId } = details.session;
    await finish(ctx, provider, { consent: await grantFor(provider, details, accountId) });
    return;
  }
  ctx.type = 'html';
  ctx.body = loginForm(details.uid, details.params);
}

async function submitInteraction(ctx, provider) {
  const form = await readForm(ctx);
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (form.action === 'cancel') {
    await finish(ctx, provider, {
      error: 'access_denied',
      error_description: 'End-User aborted interaction',
    });
    return;
  }
  if (details.prompt.name !== 'login') {
    ctx.status = 400;
    ctx.type = 'html';
    ctx.body = page('Noe gikk galt', `<p id="error">unexpected prompt ${html(details.prompt.name)}</p>`);
    return;
  }
  const pid = String(form.pid ?? '').trim();
  const acr = form.acr || requestedAcr(details.params);
  let error = '';
  if (!PID.test(pid)) error = 'Fødselsnummeret må ha 11 siffer.';
  else if (!ACR_VALUES.includes(acr)) error = `Ukjent sikkerhetsnivå: ${acr}`;
  if (error) {
    ctx.status = 400;
    ctx.type = 'html';
    ctx.body = loginForm(details.uid, details.params, { pid, acr, error });
    return;
  }
  const locale = requestedLocale(details.params);
  if (locale) localeOf.set(pid, locale);
  else if (!accounts[pid]?.locale) localeOf.delete(pid);
  await finish(ctx, provider, {
    login: { accountId: pid, acr, amr: AMR[acr], remember: true },
    consent: await grantFor(provider, details, pid),
  });
}

function interactions(provider) {
  return async (ctx, next) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(ctx.path);
    if (!match) return next();
    ctx.set('cache-control', 'no-store');
    try {
      if (ctx.method === 'GET') return await showInteraction(ctx, provider);
      if (ctx.method === 'POST') return await submitInteraction(ctx, provider);
      ctx.status = 405;
    } catch (error) {
      if (!(error instanceof errors.OIDCProviderError)) throw error;
      log('interaction error:', error.error, error.error_description);
      ctx.status = error.statusCode ?? 400;
      await renderError(ctx, error);
    }
    return undefined;
  };
}

function setCookieNameValue(header) {
  return header.split(';', 1)[0].trim();
}

function frontchannelTargets(provider, ctx, clientsById) {
  const { session } = ctx.oidc;
  const initiator = ctx.oidc.client?.clientId;
  const targets = [];
  for (const [clientId, authorization] of Object.entries(session.authorizations ?? {})) {
    const client = clientsById.get(clientId);
    if (clientId === initiator || !client?.frontchannel_logout_uri) continue;
    const url = new URL(client.frontchannel_logout_uri);
    const origin = loginOrigin.get(authorization.sid);
    if (origin && LOOPBACKS.has(url.hostname) && LOOPBACKS.has(new URL(origin).hostname)) {
      url.host = new URL(origin).host; // any loopback port, like the redirect_uri (RFC 8252)
    }
    if (client.frontchannel_logout_session_required) {
      url.searchParams.set('iss', provider.issuer);
      url.searchParams.set('sid', authorization.sid);
    }
    targets.push(url.href);
  }
  return targets;
}

function loggedOutPage(targets, next) {
  const frames = targets.map((src, i) => `<iframe class="frontchannel-logout" src="${html(src)}" title="Utlogging ${i + 1}" width="0" height="0" style="border:0"></iframe>`).join('\n');
  return page('Du blir logget ut', `<p>Du blir logget ut av alle tjenester.</p>
${frames}
<p><a id="continue" href="${html(next)}">Fortsett</a></p>`, `<meta http-equiv="refresh" content="0;url=${html(next)}">`);
}

// RP-initiated logout without a confirmation page, as ID-porten does it. oidc-provider
// renders a form that must be POSTed to /logout/confirm; without JavaScript a browser
// cannot submit it by itself, so the provider posts it to itself here (with the user's
// session cookie and the form's xsrf secret, logout=yes: the whole session ends) and
// answers the GET with the confirmation's redirect. When other clients of the session
// registered a frontchannel_logout_uri, the answer is a page with one iframe per client
// (iss and sid added), a link to the post_logout_redirect_uri and a meta refresh of 0 s,
// which a browser follows once the page and its iframes have loaded (its load event).
function endSession(provider, clientsById) {
  return async (ctx, next) => {
    await next();
    if (ctx.method !== 'GET' || ctx.path !== ROUTES.end_session || ctx.status !== 200) return;
    const secret = ctx.oidc?.session?.state?.secret;
    if (!secret) return;
    const targets = ctx.oidc.session.accountId ? frontchannelTargets(provider, ctx, clientsById) : [];
    let setCookies = ctx.response.get('set-cookie') || [];
    if (typeof setCookies === 'string') setCookies = [setCookies];
    const jar = new Map();
    for (const pair of String(ctx.get('cookie') || '').split(';')) {
      const name = pair.split('=', 1)[0].trim();
      if (name) jar.set(name, pair.trim());
    }
    for (const cookie of setCookies) {
      const pair = setCookieNameValue(cookie);
      jar.set(pair.split('=', 1)[0], pair);
    }
    const confirm = await fetch(ctx.oidc.urlFor('end_session_confirm'), {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: [...jar.values()].join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ xsrf: secret, logout: 'yes' }),
    });
    const body = await confirm.text();
    const location = confirm.headers.get('location');
    if (confirm.status !== 303 || !location) {
      log('automatic logout confirmation failed:', confirm.status, body.slice(0, 500));
      return; // the logoutSource form stays, for a person to submit
    }
    ctx.set('set-cookie', [...setCookies, ...confirm.headers.getSetCookie()]);
    if (targets.length) {
      ctx.status = 200;
      ctx.type = 'html';
      ctx.body = loggedOutPage(targets, location);
    } else {
      ctx.redirect(location);
      ctx.status = 303;
    }
  };
}

function requestLog() {
  return async (ctx, next) => {
    const start = performance.now();
    try {
      await next();
    } finally {
      const ms = (performance.now() - start).toFixed(1);
      log(ctx.method, ctx.url, '->', ctx.status, `${ms}ms`);
    }
  };
}

const server = createServer();
server.listen(config.port ?? 0, config.host ?? '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://${config.host ?? '127.0.0.1'}:${port}`;
  const provider = new Provider(issuer, configuration);
  const clientsById = new Map(clients.map((client) => [client.client_id, client]));

  // ID-porten puts sid in every ID token; oidc-provider only does so for clients with
  // back-channel logout (backchannel_logout_session_required), a feature ID-porten lacks.
  provider.Client.prototype.includeSid = () => true;

  provider.use(requestLog());
  provider.use(interactions(provider));
  provider.use(endSession(provider, clientsById));

  provider.on('authorization.success', (ctx) => {
    const { client, params, session } = ctx.oidc;
    if (client && params.redirect_uri && session) {
      loginOrigin.set(session.sidFor(client.clientId), new URL(params.redirect_uri).origin);
    }
  });
  for (const event of ['authorization.error', 'grant.error', 'end_session.error',
    'end_session_confirm.error', 'userinfo.error', 'discovery.error', 'jwks.error']) {
    provider.on(event, (ctx, error) => log(event, error.error ?? '', error.error_description ?? error.message));
  }
  provider.on('server_error', (ctx, error) => log('server_error', error.stack));

  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer, port })}\n`);
  log('listening on', issuer);
});

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
}

process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (config.stop_on_stdin_close) {
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
}
