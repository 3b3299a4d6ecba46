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

import { generateKeyPairSync } from 'node:crypto';
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

const { default: Provider } = await import('oidc-provider');

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

function buildConfiguration() {
  return {
    clients: [CLIENT],
    jwks: { keys: [signingJwk] },
    responseTypes: ['code', 'code id_token', 'id_token', 'none'],
    scopes: ['openid', 'offline_access'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username', 'updated_at'],
      email: ['email', 'email_verified'],
    },
    features: {
      devInteractions: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true },
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
  if (verbose) {
    provider.on('server_error', (_ctx, err) => writeErr('server_error', err.stack || err));
  }
  callback = provider.callback();
  process.stdout.write(`LISTENING ${port}\n`);
  if (verbose) writeErr(`issuer ${issuer}; mounts ${JSON.stringify(mounts)}`);
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

function fail(msg) {
  process.stderr.write(`oidc test provider: ${msg}\n`);
  process.exit(1);
}
