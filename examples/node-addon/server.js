// `node server.js --check` loads the native addon (and with it libpq.so.5) and exits.
const Libpq = require("libpq");
const http = require("http");

const pq = new Libpq();
if (process.argv.includes("--check")) {
  console.log(`libpq addon loaded, connected: ${pq.connected === true}`);
  process.exit(0);
}
http.createServer((req, res) => res.end("ok\n")).listen(3000);
