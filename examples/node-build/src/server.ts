import { createServer } from "http";
import { uptime } from "./app";

if (process.argv.includes("--check")) {
  console.log(uptime(90));
} else {
  const port = Number(process.env.PORT || 3000);
  createServer((_req, res) => {
    res.setHeader("Content-Type", "text/plain");
    res.end(uptime(process.uptime()) + "\n");
  }).listen(port, () => console.log(`listening on ${port}`));
}
