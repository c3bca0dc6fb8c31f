// The ImageAI web sample: one page and an HTTP API on 127.0.0.1:5080 (set --urls to change it).
// Settings: appsettings.json, section "ImageAI:Web" (see WebOptions and docs/web.md).
using ImageAI.Web;

var app = ImageAIWebApp.Build(args);
await app.RunAsync();
