#!/usr/bin/env node
// Scripted "browser" for oidc-provider 9 devInteractions (no dependencies, Node >= 20).
//
// Authorization code flow (user opens the authorize URL the app printed/opened):
//   node browser.mjs '<authorize url>' [--user alice] [--password pw]
//                    [--deny | --deny-login | --deny-consent] [--no-callback] [--trace]
//     Logs in as --user (default alice), approves consent, then GETs the final
//     redirect location (the app's loopback listener) and prints on stdout:
//       CALLBACK <http status of the app's listener> <redirect location>
//     --deny / --deny-login  hit /interaction/<uid>/abort on the login page
//     --deny-consent         log in, then hit /interaction/<uid>/abort on the consent page
//     (either way the client receives ?error=access_denied&error_description=End-User%20aborted%20interaction&state=...)
//     --no-callback          do not GET the redirect location, just print it
//                            (prints `REDIRECT <location>`)
//
// Device authorization grant (user types the code shown by the app):
//   node browser.mjs --device <verification_uri> <user_code> [--user alice]
//                    [--deny | --deny-login | --deny-consent] [--trace]
//   node browser.mjs --device-complete <verification_uri_complete> [...same flags]
//     Prints `DEVICE <status> <page title>`; on success the title is "Sign-in Success".
//     --deny          press "[ Abort ]" on the "Confirm Device" page (POST abort=yes)
//     --deny-login    confirm the code, then abort at the login page
//     --deny-consent  confirm + log in, then abort at the consent page
//     In all three cases the polling client then gets {"error":"access_denied"}.
//
// Exit status: 0 when the script ran to its end (also for deny modes), 1 on anything unexpected.

import process from 'node:process';

const argv = process.argv.slice(2);
const flags = new Set(argv.filter((a) => a.startsWith('--') && !['--user', '--password'].includes(a)));
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i === -1 ? def : argv[i + 1];
};
const positional = argv.filter((a, i) => !a.startsWith('--') && !['--user', '--password'].includes(argv[i - 1]));
const USER = opt('--user', 'alice');
const PASSWORD = opt('--password', 'secret');
const trace = flags.has('--trace') || process.env.BROWSER_TRACE === '1';
const denyAt = flags.has('--deny-consent') ? 'consent'
  : flags.has('--deny-login') ? 'login'
    : flags.has('--deny') ? 'first' : null;

const log = (...a) => { if (trace) process.stderr.write(`${a.join(' ')}\n`); };
const die = (msg) => { process.stderr.write(`browser.mjs: ${msg}\n`); process.exit(1); };

// ---------------------------------------------------------------- cookie jar
const jar = new Map(); // `${host}|${name}` -> { host, name, value, path }
function storeCookies(url, res) {
  const { host } = new URL(url);
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...attrs] = line.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    let path = '/';
    let expired = value === '';
    for (const a of attrs) {
      const [k, v = ''] = a.split('=');
      const key = k.toLowerCase();
      if (key === 'path') path = v || '/';
      if (key === 'max-age' && Number(v) <= 0) expired = true;
      if (key === 'expires' && Date.parse(v) < Date.now()) expired = true;
    }
    const id = `${host}|${name}|${path}`;
    if (expired) jar.delete(id); else jar.set(id, { host, name, value, path });
  }
}
function cookieHeader(url) {
  const { host, pathname } = new URL(url);
  return [...jar.values()]
    .filter((c) => c.host === host && (pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)))
    .map((c) => `${c.name}=${c.value}`)
    .join('; ');
}

async function request(method, url, form) {
  const headers = { cookie: cookieHeader(url) };
  let body;
  if (form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(form).toString();
  }
  const res = await fetch(url, { method, headers, body, redirect: 'manual' });
  storeCookies(url, res);
  const text = await res.text();
  const location = res.headers.get('location');
  log(`${method} ${url}${form ? ` ${body}` : ''} -> ${res.status}${location ? ` Location: ${location}` : ''}`);
  return { status: res.status, location: location && new URL(location, url).href, text, url };
}

// ---------------------------------------------------------------- HTML helpers
const unescape = (s) => s.replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCharCode(parseInt(h, 16)))
  .replace(/&#(\d+);/g, (_, d) => String.fromCharCode(Number(d)))
  .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&amp;/g, '&');
function forms(html, base) {
  const out = [];
  const re = /<form\b([^>]*)>([\s\S]*?)<\/form>/gi;
  let m;
  while ((m = re.exec(html))) {
    const attr = (n) => (m[1].match(new RegExp(`${n}="([^"]*)"`, 'i')) || [])[1];
    const fields = {};
    for (const inp of m[2].matchAll(/<input\b([^>]*)>/gi)) {
      const name = (inp[1].match(/name="([^"]*)"/i) || [])[1];
      const value = (inp[1].match(/value="([^"]*)"/i) || [])[1] ?? '';
      if (name) fields[name] = unescape(value);
    }
    out.push({ id: attr('id'), action: new URL(unescape(attr('action') || base), base).href, fields });
  }
  return out;
}
const pageMsg = (html) => { const m = html.match(/<p class="red">([^<]*)/); return m ? ` | ${m[1]}` : ''; };
const title = (html) => ((html.match(/<title>([^<]*)<\/title>/i) || [])[1] || '').trim();
const abortHref = (html, base) => {
  const m = html.match(/href="([^"]*\/abort)"/i);
  return m && new URL(unescape(m[1]), base).href;
};

// ---------------------------------------------------------------- interaction driver
let interactionsSeen = 0;
// Handles one devInteractions page (login or consent). Returns next {method,url,form}.
function handleInteractionPage(page) {
  const [form] = forms(page.text, page.url);
  if (!form || !form.fields.prompt) die(`unexpected page at ${page.url}: ${title(page.text)}`);
  const { prompt } = form.fields;
  interactionsSeen += 1;
  if ((denyAt === 'first' && interactionsSeen === 1) || denyAt === prompt) {
    const abort = abortHref(page.text, page.url) || `${page.url.replace(/\/$/, '')}/abort`;
    return { method: 'GET', url: abort };
  }
  if (prompt === 'login') return { method: 'POST', url: form.action, form: { prompt: 'login', login: USER, password: PASSWORD } };
  if (prompt === 'consent') return { method: 'POST', url: form.action, form: { ...form.fields } };
  return die(`unknown prompt ${prompt}`);
}

function isOP(url, opOrigin) { return new URL(url).origin === opOrigin; }

async function authCode(authorizeUrl) {
  const opOrigin = new URL(authorizeUrl).origin;
  let step = { method: 'GET', url: authorizeUrl };
  for (let i = 0; i < 20; i += 1) {
    const page = await request(step.method, step.url, step.form);
    if (page.status >= 300 && page.status < 400 && page.location) {
      if (!isOP(page.location, opOrigin)) {
        // Final hop: the OP redirects to the client's redirect_uri
        if (flags.has('--no-callback')) {
          process.stdout.write(`REDIRECT ${page.location}\n`);
          return;
        }
        let status;
        try {
          const cb = await fetch(page.location, { redirect: 'manual' });
          await cb.text();
          status = cb.status;
        } catch (e) {
          status = `ERR(${e.cause?.code || e.message})`;
        }
        process.stdout.write(`CALLBACK ${status} ${page.location}\n`);
        return;
      }
      step = { method: 'GET', url: page.location };
      continue;
    }
    if (page.status === 200 && /\/interaction\//.test(new URL(page.url).pathname)) {
      step = handleInteractionPage(page);
      continue;
    }
    // form_post response mode or an error page rendered by the OP
    const [f] = forms(page.text, page.url);
    if (page.status === 200 && f && !isOP(f.action, opOrigin)) {
      const cb = await fetch(f.action, { method: 'POST', body: new URLSearchParams(f.fields), redirect: 'manual' });
      process.stdout.write(`CALLBACK ${cb.status} ${f.action} ${new URLSearchParams(f.fields)}\n`);
      return;
    }
    const err = (page.text.match(/<pre>([\s\S]*?)<\/pre>/) || [])[1];
    die(`OP answered ${page.status} at ${page.url}: ${title(page.text)} ${err ? unescape(err).replace(/\s+/g, ' ') : ''}`);
  }
  die('too many steps');
}

async function device(verificationUri, userCode, complete) {
  const opOrigin = new URL(verificationUri).origin;
  let page;
  if (complete) {
    // GET /device?user_code=X renders an auto-submitting form (xsrf + user_code)
    page = await request('GET', verificationUri);
    const [f] = forms(page.text, page.url);
    page = await request('POST', f.action, f.fields);
  } else {
    page = await request('GET', verificationUri);
    const f = forms(page.text, page.url).find((x) => x.id === 'op.deviceInputForm');
    if (!f) die(`no user code input form at ${verificationUri}`);
    page = await request('POST', f.action, { xsrf: f.fields.xsrf, user_code: userCode });
  }
  // "Confirm Device" page: form with xsrf, user_code, confirm=yes (+ an [ Abort ] button name=abort value=yes)
  const confirm = forms(page.text, page.url).find((x) => x.id === 'op.deviceConfirmForm');
  if (!confirm) die(`no confirm form (${page.status} ${title(page.text)}): ${(page.text.match(/<p class="red">([^<]*)/) || [])[1] || ''}`);
  if (denyAt === 'first') {
    const { confirm: _c, ...rest } = confirm.fields;
    page = await request('POST', confirm.action, { ...rest, abort: 'yes' });
    process.stdout.write(`DEVICE ${page.status} ${title(page.text)}${pageMsg(page.text)}\n`);
    return;
  }
  let step = { method: 'POST', url: confirm.action, form: confirm.fields };
  for (let i = 0; i < 20; i += 1) {
    page = await request(step.method, step.url, step.form);
    if (page.status >= 300 && page.status < 400 && page.location) {
      if (!isOP(page.location, opOrigin)) die(`unexpected redirect off the OP: ${page.location}`);
      step = { method: 'GET', url: page.location };
      continue;
    }
    if (page.status === 200 && /\/interaction\//.test(new URL(page.url).pathname)) {
      step = handleInteractionPage(page);
      continue;
    }
    process.stdout.write(`DEVICE ${page.status} ${title(page.text)}${pageMsg(page.text)}\n`);
    return;
  }
  die('too many steps');
}

try {
  if (flags.has('--device')) {
    if (positional.length < 2) die('usage: --device <verification_uri> <user_code>');
    await device(positional[0], positional[1], false);
  } else if (flags.has('--device-complete')) {
    await device(positional[0], undefined, true);
  } else {
    if (!positional[0]) die('usage: browser.mjs <authorize url> [flags]');
    await authCode(positional[0]);
  }
} catch (e) {
  die(e.stack || String(e));
}
