// Local OpenID Connect provider for the Rust integration tests.
//
// Usage:   node tests/oidc/server.mjs [--issuer-suffix <path>] [--issuer-override <url>]
//
// Contract (see README section in the report / tests that spawn this):
//   * Listens on 127.0.0.1, port 0 (random free port) unless OIDC_PORT / --port is given.
//   * Once listening, prints exactly one line to stdout: `LISTENING <port>`.
//     Nothing else is ever written to stdout (oidc-provider notices go to stderr).
//   * Runs until killed (SIGTERM/SIGINT) or until its stdin reaches EOF, so a
//     parent that dies (and thereby closes the pipe) does not leave it running.
//
// Environment variables (each also available as a CLI flag):
//   OIDC_ISSUER_SUFFIX   / --issuer-suffix    e.g. `/tenant-a/v2.0`. The issuer becomes
//        http://127.0.0.1:<port><suffix> and the provider is served ONLY under that
//        prefix, i.e. <issuer>/.well-known/openid-configuration.
//   OIDC_ISSUER_OVERRIDE / --issuer-override  e.g. `http://example.invalid/other`. The
//        advertised `issuer` (discovery + id_token `iss`) is this value, while the
//        provider is still served on 127.0.0.1:<port>, both at the root and under the
//        override's path (here `/other`). Used to test issuer-mismatch detection.
//        Takes precedence over OIDC_ISSUER_SUFFIX for the advertised issuer; if both are
//        set, the provider is served under the suffix (and root) instead of the
//        override's path.
//   OIDC_PORT            / --port            fixed port instead of 0.
//   OIDC_KEEP_ALIVE_WITHOUT_STDIN=1 / --no-stdin-watch  do not exit on stdin EOF (for
//        manual runs like `node server.mjs </dev/null &`). Spawners should instead
//        give the child a piped stdin and keep the write end open.
//   OIDC_VERBOSE=1       / --verbose         keep oidc-provider's development warnings
//        (on stderr) and log every request to stderr.
//
// Registered client:
//   client_id `portal-client`, client_secret `portal-secret`,
//   redirect_uri `https://portal.example.com/signin-openid_1`,
//   response_types `code`, `code id_token`; grant_types `authorization_code`, `implicit`;
//   token_endpoint_auth_method `client_secret_post`.
//
// Signing key: a fresh RSA-2048 key per process, JWK kid `test-rsa-1`, alg RS256.
// Accounts: any login accepted by the built-in dev interactions; every subject gets
// name/email claims derived from the subject.

import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import process from 'node:process';

// ---------------------------------------------------------------------------
// Keep stdout clean: oidc-provider prints NOTICEs via console.info (stdout).
// ---------------------------------------------------------------------------
const args = parseArgs(process.argv.slice(2));
const verbose = args.verbose || ['1', 'true', 'yes'].includes(String(process.env.OIDC_VERBOSE || '').toLowerCase());

const writeErr = (...a) => process.stderr.write(`${a.map(String).join(' ')}\n`);
console.log = writeErr;
console.info = verbose ? writeErr : () => {};
console.debug = verbose ? writeErr : () => {};
console.warn = verbose
  ? writeErr
  : (...a) => {
      // Drop oidc-provider's "development-only" quick-start warnings; keep anything else.
      if (typeof a[0] === 'string' && a[0].includes('oidc-provider WARNING')) return;
      writeErr(...a);
    };

const { default: Provider, errors } = await import('oidc-provider');

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------
const suffix = normalizePath(args['issuer-suffix'] ?? process.env.OIDC_ISSUER_SUFFIX ?? '');
const override = args['issuer-override'] ?? process.env.OIDC_ISSUER_OVERRIDE ?? '';
const requestedPort = Number(args.port ?? process.env.OIDC_PORT ?? 0);
const HOST = '127.0.0.1';

let overridePath = '';
if (override) {
  try {
    overridePath = normalizePath(new URL(override).pathname);
  } catch {
    fail(`OIDC_ISSUER_OVERRIDE is not a valid URL: ${override}`);
  }
}

// Path prefixes under which the provider is reachable (longest first).
const mounts = [];
if (suffix) {
  mounts.push(suffix);
  if (override) mounts.push('');
} else if (override) {
  if (overridePath) mounts.push(overridePath);
  mounts.push('');
} else {
  mounts.push('');
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingJwk = {
  ...privateKey.export({ format: 'jwk' }),
  kid: 'test-rsa-1',
  use: 'sig',
  alg: 'RS256',
};

const CLIENT = {
  client_id: 'portal-client',
  client_secret: 'portal-secret',
  redirect_uris: ['https://portal.example.com/signin-openid_1'],
  post_logout_redirect_uris: ['https://portal.example.com/signout-callback-oidc'],
  response_types: ['code', 'code id_token'],
  grant_types: ['authorization_code', 'implicit'],
  token_endpoint_auth_method: 'client_secret_post',
};

// ---------------------------------------------------------------------------
// LAB extensions (Entra stand-in experiments)
// ---------------------------------------------------------------------------
//   OIDC_CLIENTS        JSON array of extra client metadata objects
//   OIDC_CLIENTS_FILE   path of a JSON file holding such an array
//   OIDC_EXTRA_SCOPES   space separated extra scope values (e.g. "https://graph.microsoft.com/.default")
//   OIDC_SCOPE_MODE     "static" (default: extra scopes are plain static scopes) or
//                       "resource" (resourceIndicators + scope->resource rewriting middleware)
//   OIDC_DEVICE_CODE_TTL seconds (default 600)
//   OIDC_ROTATE_REFRESH  "always" | "never" | "default"
//   OIDC_ALLOW_LOOPBACK_FETCH=1  disable the SSRF guard for jwks_uri on 127.0.0.1
//   OIDC_REGISTRATION=1  enable dynamic client registration (POST <issuer>/reg; client_id/secret may be chosen)
//   OIDC_TEST_ADMIN=1    test-only POST /__test/clients, DELETE /__test/clients/<id>
//   OIDC_ENTRA_COMPAT=1  offline_access works without prompt=consent; prompt=select_account accepted
//   OIDC_DEVICE_INTERVAL=<s>  add `interval` to device replies + emulate slow_down
//   OIDC_AT_FORMAT=jwt   (resource mode) JWT access tokens instead of opaque ones
//   OIDC_ANY_RESOURCE=1  (resource mode) accept any "<resource>/.default", not only OIDC_EXTRA_SCOPES
//   OIDC_LOG_ERRORS=1    log every OAuth error with its hidden error_detail to stderr
import { readFileSync } from 'node:fs';
const extraClients = [
  ...(process.env.OIDC_CLIENTS ? JSON.parse(process.env.OIDC_CLIENTS) : []),
  ...(process.env.OIDC_CLIENTS_FILE ? JSON.parse(readFileSync(process.env.OIDC_CLIENTS_FILE, 'utf8')) : []),
];
const extraScopes = String(process.env.OIDC_EXTRA_SCOPES || '').split(/\s+/).filter(Boolean);
const scopeMode = process.env.OIDC_SCOPE_MODE || 'static';
const rotate = process.env.OIDC_ROTATE_REFRESH || 'default';

// Entra-style "<resource>/.default" or "<resource>/<perm>" -> resource indicator.
function resourceOfScope(s) {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return undefined;
  const u = URL.parse(s);
  if (!u) return undefined;
  const i = s.lastIndexOf('/');
  return i > s.indexOf('://') + 2 ? s.slice(0, i) : undefined;
}

function buildConfiguration() {
  const cfg = {
    clients: [CLIENT, ...extraClients],
    jwks: { keys: [signingJwk] },
    responseTypes: ['code', 'code id_token', 'id_token', 'none'],
    scopes: ['openid', 'offline_access', ...(scopeMode === 'static' ? extraScopes : [])],
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username', 'updated_at'],
      email: ['email', 'email_verified'],
    },
    features: {
      devInteractions: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      deviceFlow: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      clientCredentials: { enabled: true },
      registration: {
        enabled: process.env.OIDC_REGISTRATION === '1',
        // let tests choose client_id / client_secret (default: random)
        idFactory: (ctx) => (typeof ctx.oidc.body?.client_id === 'string' ? ctx.oidc.body.client_id : randomUUID()),
        secretFactory: async (ctx) => (typeof ctx.oidc.body?.client_secret === 'string' ? ctx.oidc.body.client_secret : randomBytes(32).toString('base64url')),
      },
    },
    ttl: {
      DeviceCode: Number(process.env.OIDC_DEVICE_CODE_TTL || 600),
    },
    pkce: {
      // Confidential test client: do not force PKCE (public clients still require it).
      required: (_ctx, client) => client.clientAuthMethod === 'none',
    },
    async findAccount(_ctx, sub) {
      return {
        accountId: sub,
        async claims() {
          const local = String(sub).replace(/[^A-Za-z0-9._-]/g, '') || 'user';
          return {
            sub,
            name: `Test User ${sub}`,
            given_name: 'Test',
            family_name: `User ${sub}`,
            preferred_username: local,
            email: `${local}@example.com`,
            email_verified: true,
            updated_at: 1767225600,
          };
        },
      };
    },
  };
  if (rotate === 'always') cfg.rotateRefreshToken = true;
  if (rotate === 'never') cfg.rotateRefreshToken = false;
  if (process.env.OIDC_ALLOW_LOOPBACK_FETCH === '1') {
    cfg.fetch = (url, options) => {
      delete options.dispatcher; // drop oidc-provider's special-use-IP (SSRF) guard
      return globalThis.fetch(url, options);
    };
  }
  if (scopeMode === 'resource') {
    cfg.features.resourceIndicators = {
      enabled: true,
      // no resource param at the token endpoint -> keep old behaviour (userinfo token)
      defaultResource: async (_ctx, _client, oneOf) => oneOf,
      useGrantedResource: async () => false,
      getResourceServerInfo: async (_ctx, resource) => {
        let scope = extraScopes.filter((s) => resourceOfScope(s) === resource).join(' ');
        if (!scope) {
          // Entra answers unknown resources with AADSTS500011 (invalid_resource); we use invalid_target
          if (process.env.OIDC_ANY_RESOURCE !== '1') throw new errors.InvalidTarget(`unknown resource ${resource}`);
          scope = `${resource}/.default`;
        }
        return {
          scope,
          audience: resource,
          accessTokenFormat: process.env.OIDC_AT_FORMAT || 'opaque',
          accessTokenTTL: 3600,
        };
      },
    };
  }
  return cfg;
}

// Koa middleware (OIDC_ENTRA_COMPAT=1 and/or OIDC_SCOPE_MODE=resource):
//  * authorization requests asking for offline_access get `consent` added to `prompt`
//    (oidc-provider silently drops offline_access unless prompt contains consent);
//    Entra-only prompt values (select_account) are mapped to consent.
//  * resource mode: Entra scope-embedded resources ("<resource>/.default") are also sent as
//    RFC 8707 `resource` parameters (all of them at /auth, the first one at /token).
const compat = process.env.OIDC_ENTRA_COMPAT === '1';
// OIDC_DEVICE_INTERVAL=<s>: add `interval` to the device authorization reply and answer
// polls arriving faster than that with slow_down (oidc-provider itself never does either).
const deviceInterval = Number(process.env.OIDC_DEVICE_INTERVAL || 0);
const lastPoll = new Map();
function entraCompat() {
  return async (ctx, next) => {
    const p = ctx.path;
    const isAuth = p === '/auth' || p === '/device/auth';
    const isToken = p === '/token';
    if (!isAuth && !isToken) return next();
    let params;
    if (ctx.method === 'GET' && isAuth) {
      params = new URLSearchParams(ctx.querystring);
    } else if (ctx.method === 'POST' && ctx.is('application/x-www-form-urlencoded')) {
      const chunks = [];
      for await (const c of ctx.req) chunks.push(c);
      params = new URLSearchParams(Buffer.concat(chunks).toString());
    } else {
      return next();
    }
    const scope = params.get('scope') || '';
    const scopes = scope.split(' ').filter(Boolean);
    if (compat && p === '/auth') {
      const prompts = new Set((params.get('prompt') || '').split(' ').filter(Boolean));
      if (prompts.delete('select_account')) prompts.add('login');
      if (scopes.includes('offline_access') && !prompts.has('none')) prompts.add('consent');
      if (prompts.size) params.set('prompt', [...prompts].join(' '));
    }
    if (scopeMode === 'resource' && scopes.length && !params.has('resource')) {
      const resources = [...new Set(scopes.map(resourceOfScope).filter(Boolean))];
      if (isAuth) resources.forEach((r) => params.append('resource', r));
      else if (resources.length >= 1) params.set('resource', resources[0]);
    }
    if (ctx.method === 'GET') {
      ctx.querystring = params.toString();
    } else {
      // The body stream is consumed now; oidc-provider then falls back to req.body
      // (it prints an "already parsed request body detected" warning once).
      ctx.req.body = params.toString();
    }
    if (verbose) writeErr('entraCompat', p, params.toString());
    if (deviceInterval && isToken && params.get('grant_type') === 'urn:ietf:params:oauth:grant-type:device_code') {
      const dc = params.get('device_code');
      const now = Date.now();
      const last = lastPoll.get(dc);
      lastPoll.set(dc, now);
      if (last && now - last < deviceInterval * 1000) {
        ctx.status = 400;
        ctx.set('cache-control', 'no-store');
        ctx.body = { error: 'slow_down', error_description: 'you are polling too quickly and should back off at a reasonable rate' };
        return undefined;
      }
    }
    await next();
    if (deviceInterval && p === '/device/auth' && ctx.status === 200 && ctx.body?.device_code) {
      ctx.body = { ...ctx.body, interval: deviceInterval };
    }
    return undefined;
  };
}

// The Provider is created once the port is known (issuer contains the port).
let provider;
let callback;

const server = createServer((req, res) => {
  if (verbose) writeErr(`${req.method} ${req.url}`);
  if (!callback) {
    res.statusCode = 503;
    res.end('starting');
    return;
  }
  const url = req.url || '/';
  if (process.env.OIDC_TEST_ADMIN === '1' && url.startsWith('/__test/')) return testAdmin(req, res);
  for (const mount of mounts) {
    if (mount === '') {
      return callback(req, res);
    }
    if (url === mount || url.startsWith(`${mount}/`) || url.startsWith(`${mount}?`)) {
      // Strip the prefix; oidc-provider derives the mount path from originalUrl vs url,
      // so generated endpoint URLs keep the prefix.
      req.originalUrl = url;
      req.baseUrl = mount;
      let rest = url.slice(mount.length);
      if (rest === '' || rest.startsWith('?')) rest = `/${rest}`;
      req.url = rest;
      return callback(req, res);
    }
  }
  res.statusCode = 404;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ error: 'not_found', error_description: `served under ${mounts.join(', ')}` }));
});

server.on('error', (err) => fail(`server error: ${err.message}`));

server.listen(requestedPort, HOST, () => {
  const { port } = server.address();
  const issuer = override || `http://${HOST}:${port}${suffix}`;
  try {
    provider = new Provider(issuer, buildConfiguration());
  } catch (err) {
    fail(`failed to create provider: ${err.stack || err}`);
  }
  // Local plain-http test server; no reverse proxy in front.
  provider.proxy = false;
  if (compat || scopeMode === 'resource' || deviceInterval) provider.use(entraCompat());
  if (verbose || process.env.OIDC_LOG_ERRORS === '1') {
    for (const ev of ['grant.error', 'introspection.error', 'revocation.error', 'device_authorization.error',
      'authorization.error', 'code_verification.error', 'registration_create.error', 'backchannel.error']) {
      provider.on(ev, (_ctx, err) => writeErr(`EVENT ${ev}: ${err.error} | ${err.error_description} | detail: ${err.error_detail || ''}${causes(err)}`));
    }
    provider.on('server_error', (_ctx, err) => writeErr('server_error', err.stack || err));
  }
  // Static clients are otherwise validated lazily (first use); fail fast instead.
  Promise.all(extraClients.map((c) => provider.Client.validate(c).catch((err) => {
    throw new Error(`client ${c.client_id}: ${err.error_description || err.message}`);
  }))).then(() => {
    callback = provider.callback();
    process.stdout.write(`LISTENING ${port}\n`);
    if (verbose) writeErr(`issuer ${issuer}; mounts ${JSON.stringify(mounts)}`);
  }, (err) => fail(`invalid client metadata: ${err.message}`));
});

// ---------------------------------------------------------------------------
// Lifetime: exit on signals or when stdin closes.
// ---------------------------------------------------------------------------
function shutdown(code = 0) {
  server.close();
  // Do not wait for keep-alive connections.
  setImmediate(() => process.exit(code));
}
process.on('SIGTERM', () => shutdown(0));
process.on('SIGINT', () => shutdown(0));
process.on('SIGHUP', () => shutdown(0));
process.stdout.on('error', () => shutdown(0)); // EPIPE: parent gone
const watchStdin = !(args['no-stdin-watch']
  || ['1', 'true', 'yes'].includes(String(process.env.OIDC_KEEP_ALIVE_WITHOUT_STDIN || '').toLowerCase()));
if (watchStdin) {
  process.stdin.on('end', () => shutdown(0));
  process.stdin.on('close', () => shutdown(0));
  process.stdin.on('error', () => shutdown(0));
  process.stdin.on('data', () => {});
  process.stdin.resume();
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------
function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq !== -1) {
      out[a.slice(2, eq)] = a.slice(eq + 1);
    } else if (a === '--verbose' || a === '--no-stdin-watch') {
      out[a.slice(2)] = true;
    } else {
      out[a.slice(2)] = argv[i + 1] ?? '';
      i += 1;
    }
  }
  return out;
}

function normalizePath(p) {
  if (!p || p === '/') return '';
  let s = p.startsWith('/') ? p : `/${p}`;
  while (s.endsWith('/')) s = s.slice(0, -1);
  return s;
}

// Test-only control API (OIDC_TEST_ADMIN=1), served at the root regardless of mounts:
//   POST   /__test/clients        JSON client metadata -> validated, stored in the adapter (201 + metadata)
//   DELETE /__test/clients/<id>   removes a client added that way (204)
async function testAdmin(req, res) {
  const send = (status, body) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  try {
    const m = req.url.match(/^\/__test\/clients(?:\/([^/?]+))?/);
    if (!m) return send(404, { error: 'not_found' });
    if (req.method === 'POST' && !m[1]) {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      const metadata = JSON.parse(Buffer.concat(chunks).toString());
      await provider.Client.validate(metadata); // throws InvalidClientMetadata
      await provider.Client.adapter.upsert(metadata.client_id, metadata);
      const client = await provider.Client.find(metadata.client_id);
      return send(201, client.metadata());
    }
    if (req.method === 'DELETE' && m[1]) {
      await provider.Client.adapter.destroy(decodeURIComponent(m[1]));
      return send(204);
    }
    return send(405, { error: 'method_not_allowed' });
  } catch (err) {
    return send(400, { error: err.error || 'invalid_request', error_description: err.error_description || err.message });
  }
}

function causes(err) {
  let out = '';
  for (let c = err.cause, i = 0; c && i < 5; c = c.cause, i += 1) out += ` | cause: ${c.error_description || c.message}`;
  return out;
}

function fail(msg) {
  process.stderr.write(`oidc test provider: ${msg}\n`);
  process.exit(1);
}
