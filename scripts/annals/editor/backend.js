// decap-server's local file middleware behind a guard: it answers only the editor's own server.
// Started by `annals edit` with MODE, GIT_REPO_DIRECTORY, PORT and ANNALS_NODE_MODULES in the environment.
"use strict";
const path = require("path");

const modules = process.env.ANNALS_NODE_MODULES;
const express = require(path.join(modules, "express"));
const { registerLocalFs } = require(path.join(modules, "decap-server", "dist", "middlewares"));

const port = parseInt(process.env.PORT, 10);
const app = express();
app.use((request, response, next) => {
  // Browsers always send Origin on a POST, and a page that rebinds a name to 127.0.0.1 sends its own Host:
  // neither comes from the editor's server, which alone talks to this port.
  if (request.headers.host !== `127.0.0.1:${port}` || request.headers.origin !== undefined) {
    response.status(403).json({ error: "拒绝：文件代理只接受编辑器自己的请求" });
    return;
  }
  next();
});
registerLocalFs(app, { logLevel: process.env.LOG_LEVEL || "warn" }).then(() => {
  app.listen(port, "127.0.0.1");
});
