'use strict';
// Starts the real liaison-sandbox executable on a free loopback port and stops it again.
// The executable comes from LIAISON_SANDBOX (set by tests/peers/CMakeLists.txt), else from
// build/dev/bin. Anything that keeps it from starting throws, so the peer test fails: a peer
// check that cannot run must never pass or skip.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..', '..');

// The sandbox is on loopback: never through a proxy a CI environment may name (axios and others honour them).
for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy'])
    delete process.env[name];

// Defaults of tests/sandbox/app/sandboxappoptions.cpp (a test server's well-known secrets).
const defaults = {
    ewsAccount: 'svc-liaison@contoso.test',
    ewsPassword: 'sandbox-ews',
    tenant: '6f1c2a4e-7d3b-4c59-9e2a-5b8d0c3f1a27',
    clientId: '0c4d2b7e-9a13-4f6e-8b25-3e7a1d9c5f40',
    clientSecret: 'sandbox-secret',
};

function executable() {
    const exe = process.env.LIAISON_SANDBOX || path.join(repoRoot, 'build', 'dev', 'bin', 'liaison-sandbox');
    if (!fs.existsSync(exe))
        throw new Error(`liaison-sandbox not found at ${exe}: build it (cmake --build --preset dev) or set LIAISON_SANDBOX`);
    return exe;
}

// Resolves to { baseUrl, tenant, clientId, ewsAccount, ..., admin(method, path, body), stop() }.
function startSandbox(extraArgs = [], { timeoutMs = 30000 } = {}) {
    const exe = executable();
    // The well-known defaults, whatever the caller's environment says.
    const env = { ...process.env };
    delete env.LIAISON_SANDBOX_CLIENT_SECRET;
    delete env.LIAISON_SANDBOX_EWS_PASSWORD;
    // LIAISON_PEERS_TRACE=DIR keeps every request and response (the sandbox's --trace).
    const trace = process.env.LIAISON_PEERS_TRACE ? ['--trace', process.env.LIAISON_PEERS_TRACE] : [];
    const child = spawn(exe, ['--port', '0', ...trace, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`liaison-sandbox did not report ready in ${timeoutMs} ms\n${stdout}${stderr}`));
        }, timeoutMs);
        child.on('error', (e) => { clearTimeout(timer); reject(new Error(`cannot start ${exe}: ${e.message}`)); });
        exited.then(({ code, signal }) => {
            clearTimeout(timer);
            reject(new Error(`liaison-sandbox exited (${code ?? signal}) before it was ready\n${stdout}${stderr}`));
        });
        child.stdout.on('data', (d) => {
            stdout += d;
            const m = /liaison-sandbox: listening on (\S+) \(.*token: \/([^/]+)\/oauth2.*client-id: ([0-9a-f-]+);.*ews-account: (\S+?),/.exec(stdout);
            if (!m)
                return;
            clearTimeout(timer);
            const baseUrl = m[1];
            resolve({
                ...defaults,
                baseUrl,
                tenant: m[2],
                clientId: m[3],
                ewsAccount: m[4],
                ewsUrl: new URL('EWS/Exchange.asmx', baseUrl).toString(),
                dataverseUrl: new URL('api/data/v9.2/', baseUrl).toString(),
                tokenUrl: new URL(`${m[2]}/oauth2/v2.0/token`, baseUrl).toString(),
                stderr: () => stderr,
                // The sandbox's JSON admin API (no auth): admin('POST', '/sandbox/ews/seed', {...}).
                async admin(method, adminPath, body) {
                    const res = await fetch(new URL(adminPath.replace(/^\//, ''), baseUrl), {
                        method,
                        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
                        body: body === undefined ? undefined : JSON.stringify(body),
                    });
                    const text = await res.text();
                    if (!res.ok)
                        throw new Error(`${method} ${adminPath}: HTTP ${res.status} ${text}`);
                    return text ? JSON.parse(text) : null;
                },
                async stop() {
                    if (child.exitCode === null && child.signalCode === null)
                        child.kill('SIGTERM');
                    const killer = setTimeout(() => child.kill('SIGKILL'), 10000);
                    const result = await exited;
                    clearTimeout(killer);
                    return result;
                },
            });
        });
    });
}

module.exports = { startSandbox, defaults, repoRoot };

// require() for a peer library, failing with the fix when node_modules is missing.
function requirePeer(name) {
    try {
        return require(name);
    } catch (e) {
        if (e.code === 'MODULE_NOT_FOUND' && e.message.includes(`'${name}'`))
            throw new Error(`${name} is not installed: run npm ci --prefix tests/peers (.ci/peers-deps.sh does it)`);
        throw e;
    }
}

module.exports.requirePeer = requirePeer;
