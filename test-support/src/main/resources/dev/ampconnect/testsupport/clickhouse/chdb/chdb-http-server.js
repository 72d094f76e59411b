#!/usr/bin/env node
// A ClickHouse HTTP interface over chdb (the ClickHouse engine as a library), for tests on machines
// without a clickhouse-server. It answers what an unmodified ClickHouse client (client-v2) sends:
//   GET|HEAD /ping, GET / without a query       -> "Ok.\n"
//   query in the `query` URL parameter or the body; with both, an INSERT takes the body as its data,
//   any other statement is the parameter followed by the body (as clickhouse-server does)
//   `database` parameter or X-ClickHouse-Database header; `default_format` or X-ClickHouse-Format
//   header (a FORMAT clause wins); `param_<name>` query parameters bound to {name:Type}; every
//   other parameter is a setting for this request only
//   errors: HTTP 500, X-ClickHouse-Exception-Code, body "Code: N. DB::Exception: ..."
//   X-ClickHouse-Summary on every response (written_rows/written_bytes of INSERTs from the engine)
// Limits (test-support/README.md): one request at a time, one engine per process; no compression
// (compress=1, decompress=1, Content-Encoding are refused: configure the client without them); no
// sessions (session_id is ignored: every request starts from the engine's defaults, except that a
// SET sent as its own statement is not undone); multipart requests refused; read_rows reports the
// result rows (chdb does not expose rows scanned).
//
// Usage: node chdb-http-server.js --port <port> --data <dir> [--host 127.0.0.1]
// Prints "chdb-http listening on <host>:<port> (engine <version>)" once it accepts requests. Exits when
// its standard input closes, so a parent that dies (even by kill -9) does not leave it running.
'use strict';

const http = require('http');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const args = parseArgs(process.argv.slice(2));
const chdb = require('chdb');
// the binary-safe insert entry point (the public insert() whitelists text formats only)
const engine = require(path.join(path.dirname(require.resolve('chdb')), 'dist', 'loader.js')).loadNative();

const session = new chdb.Session(args.data, { connectionArgs: ['--timezone=UTC'] });
// INSERT data goes through a file: chdb's in-memory insert path silently kept only the first ~100 KB of a
// binary body (chdb 3.4.0), while FROM INFILE reads all of it
const UPLOAD = path.join(path.dirname(path.resolve(args.data)), `${path.basename(args.data)}-insert-body`);
let ENGINE_VERSION = chdb.version().libchdb.replace(/"/g, '');

// parameters the HTTP handler consumes itself; everything else (not param_*) is a setting
const HTTP_PARAMETERS = new Set(['query', 'database', 'default_format', 'query_id', 'user', 'password', 'quota_key',
  'session_id', 'session_timeout', 'session_check', 'buffer_size', 'wait_end_of_query', 'role', 'stacktrace',
  'compress', 'decompress', 'enable_http_compression', 'client_protocol_version']);
const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INSERT_STATEMENT = /^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*INSERT\b/i;
const TRAILING_FORMAT = /\bFORMAT\s+([A-Za-z0-9_]+)\s*;?\s*$/i;
const NOT_IMPLEMENTED = 48;
const UNKNOWN_ERROR = 1000;

let currentDatabase = 'default';
let queue = Promise.resolve();

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    // one request at a time: the engine has one connection and per-request settings are SET on it
    queue = queue.then(() => handle(request, body, response)).catch((e) => {
      process.stderr.write(`chdb-http: unexpected failure: ${e && e.stack || e}\n`);
      if (!response.headersSent) {
        sendError(response, UNKNOWN_ERROR, String(e && e.message || e), newQueryId(), 0n);
      }
    });
  });
});
server.keepAliveTimeout = 30000;
run('SELECT version()').then((result) => {
  ENGINE_VERSION = Buffer.from(result.bytes).toString('utf8').trim();
  server.listen(args.port, args.host, () => {
    process.stdout.write(`chdb-http listening on ${args.host}:${args.port} (engine ${ENGINE_VERSION})\n`);
  });
});
server.on('error', (e) => {
  process.stderr.write(`chdb-http: cannot listen on ${args.host}:${args.port}: ${e.message}\n`);
  process.exit(2);
});

process.stdin.on('data', () => {});
process.stdin.on('end', shutdown);
process.stdin.on('error', shutdown);
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

function shutdown() {
  server.close();
  queue.finally(() => {
    session.close();
    process.exit(0);
  });
}

async function handle(request, body, response) {
  const started = process.hrtime.bigint();
  const url = new URL(request.url, 'http://localhost');
  const params = url.searchParams;
  const queryId = params.get('query_id') || header(request, 'x-clickhouse-query-id') || newQueryId();
  if (url.pathname === '/ping' || url.pathname === '/replicas_status'
      || (url.pathname === '/' && !params.has('query') && body.length === 0)) {
    response.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' });
    response.end(request.method === 'HEAD' ? undefined : 'Ok.\n');
    return;
  }
  if (url.pathname !== '/') {
    sendError(response, NOT_IMPLEMENTED, `There is no handle ${url.pathname} in the chdb front end (only /, /ping)`,
      queryId, started);
    return;
  }
  const unsupported = unsupportedFeature(request, params);
  if (unsupported) {
    sendError(response, NOT_IMPLEMENTED, unsupported, queryId, started);
    return;
  }

  const statement = parseStatement(params.get('query'), body);
  const database = params.get('database') || header(request, 'x-clickhouse-database') || 'default';
  const format = (statement.sql.match(TRAILING_FORMAT) || [])[1]
    || params.get('default_format') || header(request, 'x-clickhouse-format') || 'TabSeparated';
  const settings = [];
  const bound = {};
  for (const [name, value] of params) {
    if (name.startsWith('param_')) {
      bound[name.substring('param_'.length)] = value;
    } else if (!HTTP_PARAMETERS.has(name)) {
      if (!SETTING_NAME.test(name)) {
        sendError(response, 115, `Unknown setting '${name}'. (UNKNOWN_SETTING)`, queryId, started);
        return;
      }
      settings.push([name, value]);
    }
  }

  try {
    await useDatabase(database);
    if (settings.length > 0) {
      await run(`SET ${settings.map(([name, value]) => `${name} = ${literal(value)}`).join(', ')}`);
    }
    try {
      if (statement.insert) {
        const result = await insert(statement);
        sendResult(response, Buffer.alloc(0), format, queryId, started, {
          written_rows: result.rowsWritten, written_bytes: result.bytesWritten,
        });
      } else {
        const result = Object.keys(bound).length > 0
          ? await engine.QueryAsyncConnection(session.connection, statement.sql, format, bound)
          : await engine.QueryAsyncConnection(session.connection, statement.sql, format);
        const bytes = Buffer.from(result.bytes.buffer, result.bytes.byteOffset, result.bytes.byteLength);
        sendResult(response, bytes, format, queryId, started, {
          read_rows: result.rowsRead, read_bytes: result.bytesRead,
          result_rows: result.rowsRead, result_bytes: bytes.length,
        });
      }
    } finally {
      if (settings.length > 0) {
        await run(`SET ${settings.map(([name]) => `${name} = DEFAULT`).join(', ')}`);
      }
    }
  } catch (e) {
    const message = String(e && e.message || e);
    const code = clickhouseCode(e, message);
    sendError(response, code, message.replace(/^Code: \d+\. DB::Exception: /, ''), queryId, started);
  }
}

/** Runs an INSERT, its body data (if any) read by the engine from a file. */
async function insert(statement) {
  if (statement.data.length === 0) {
    return engine.InsertRawAsyncConnection(session.connection, statement.sql, Buffer.alloc(0), false);
  }
  const clause = /^([\s\S]*?)(\s+SETTINGS\s+[\s\S]*?)?\s+FORMAT\s+([A-Za-z0-9_]+)\s*;?\s*$/i.exec(statement.sql)
    || /^([\s\S]*?)(\s+SETTINGS\s+[\s\S]*?)?\s+(VALUES)\s*;?\s*$/i.exec(statement.sql);
  if (!clause) {
    throw Object.assign(new Error('an INSERT with data in the body must end with FORMAT <name> (or VALUES) in the chdb'
      + ' front end'), { clickhouseCode: NOT_IMPLEMENTED });
  }
  fs.writeFileSync(UPLOAD, statement.data);
  try {
    const sql = `${clause[1]} FROM INFILE ${literal(UPLOAD)}${clause[2] || ''} FORMAT ${clause[3]}`;
    return await engine.InsertRawAsyncConnection(session.connection, sql, Buffer.alloc(0), false);
  } finally {
    fs.rmSync(UPLOAD, { force: true });
  }
}

/** The SQL to run, and for an INSERT whose data is in the body (or follows FORMAT x), that data. */
function parseStatement(queryParameter, body) {
  if (queryParameter !== null) {
    if (INSERT_STATEMENT.test(queryParameter)) {
      return { sql: queryParameter, insert: true, data: body };
    }
    return { sql: body.length > 0 ? `${queryParameter}\n${body.toString('utf8')}` : queryParameter, insert: false };
  }
  // the statement alone in the body: an INSERT ... FORMAT x may be followed by its (binary) data
  const head = body.subarray(0, Math.min(body.length, 65536)).toString('latin1');
  if (INSERT_STATEMENT.test(head)) {
    const formatClause = /\bFORMAT\s+([A-Za-z0-9_]+)[ \t]*(?:\r?\n)?/i.exec(head);
    if (formatClause && formatClause[1].toLowerCase() !== 'values') {
      const end = formatClause.index + formatClause[0].length;
      return {
        sql: Buffer.from(head.substring(0, formatClause.index + formatClause[0].trimEnd().length), 'latin1').toString('utf8'),
        insert: true,
        data: body.subarray(end),
      };
    }
    return { sql: body.toString('utf8'), insert: true, data: Buffer.alloc(0) };
  }
  return { sql: body.toString('utf8'), insert: false };
}

function unsupportedFeature(request, params) {
  if (params.get('compress') === '1') {
    return 'compress=1 (ClickHouse-compressed responses) is not supported by the chdb front end:'
      + ' configure the client with compressServerResponse(false)';
  }
  if (params.get('decompress') === '1') {
    return 'decompress=1 (ClickHouse-compressed request bodies) is not supported by the chdb front end:'
      + ' configure the client with compressClientRequest(false)';
  }
  const encoding = header(request, 'content-encoding');
  if (encoding && encoding.toLowerCase() !== 'identity') {
    return `Content-Encoding ${encoding} is not supported by the chdb front end: send request bodies uncompressed`;
  }
  const contentType = header(request, 'content-type');
  if (contentType && contentType.toLowerCase().startsWith('multipart/')) {
    return 'multipart requests are not supported by the chdb front end: send the query in the body or the query parameter';
  }
  return null;
}

async function useDatabase(database) {
  if (database !== currentDatabase) {
    await run(`USE ${identifier(database)}`);
    currentDatabase = database;
  }
}

function run(sql) {
  return engine.QueryAsyncConnection(session.connection, sql, 'TabSeparated');
}

function sendResult(response, bytes, format, queryId, started, counters) {
  response.writeHead(200, {
    ...commonHeaders(queryId, started, counters),
    'Content-Type': contentType(format),
    'X-ClickHouse-Format': format,
    'Content-Length': bytes.length,
  });
  response.end(bytes);
}

function sendError(response, code, message, queryId, started) {
  const text = `Code: ${code}. DB::Exception: ${message.trimEnd()} (version ${ENGINE_VERSION} (chdb))\n`;
  const bytes = Buffer.from(text, 'utf8');
  response.writeHead(500, {
    ...commonHeaders(queryId, started, {}),
    'Content-Type': 'text/plain; charset=UTF-8',
    'X-ClickHouse-Exception-Code': String(code),
    'Content-Length': bytes.length,
  });
  response.end(bytes);
}

function commonHeaders(queryId, started, counters) {
  const summary = {
    read_rows: 0, read_bytes: 0, written_rows: 0, written_bytes: 0, total_rows_to_read: 0,
    result_rows: 0, result_bytes: 0, ...counters,
  };
  const text = {};
  for (const [name, value] of Object.entries(summary)) {
    text[name] = String(value || 0);
  }
  text.elapsed_ns = String(process.hrtime.bigint() - BigInt(started));
  return {
    'X-ClickHouse-Query-Id': queryId,
    'X-ClickHouse-Server-Display-Name': 'chdb-http',
    'X-ClickHouse-Timezone': 'UTC',
    'X-ClickHouse-Summary': JSON.stringify(text),
  };
}

function contentType(format) {
  const name = format.toLowerCase();
  if (name.startsWith('json')) {
    return 'application/json; charset=UTF-8';
  }
  if (name.startsWith('tabseparated') || name.startsWith('tsv')) {
    return 'text/tab-separated-values; charset=UTF-8';
  }
  if (name.startsWith('csv')) {
    return 'text/csv; charset=UTF-8';
  }
  return 'application/octet-stream';
}

function clickhouseCode(error, message) {
  if (error && Number.isInteger(error.clickhouseCode)) {
    return error.clickhouseCode;
  }
  const match = /^Code: (\d+)\./.exec(message);
  return match ? Number(match[1]) : UNKNOWN_ERROR;
}

function literal(value) {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function identifier(name) {
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

function header(request, name) {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function newQueryId() {
  return crypto.randomUUID();
}

function parseArgs(argv) {
  const parsed = { host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    parsed[name] = argv[i + 1];
  }
  if (!parsed.port || !parsed.data) {
    process.stderr.write('usage: node chdb-http-server.js --port <port> --data <directory> [--host <address>]\n');
    process.exit(64);
  }
  parsed.port = Number(parsed.port);
  return parsed;
}
