// Runs the peer (@imgly/background-removal-node) over many images in one warm process.
// Usage: node remove-many.mjs MODEL OUTDIR IMAGE...   (MODEL: small|medium). Writes OUTDIR/<index>.png.
// Copied next to the peer's node_modules by the harness, because the package resolves its model from there.
import { removeBackground } from '@imgly/background-removal-node';
import fs from 'fs';
import path from 'path';
import { fileURLToPath } from 'url';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/@imgly/background-removal-node/dist/');
const [, , model, outDir, ...images] = process.argv;
for (let i = 0; i < images.length; i++) {
  const t0 = performance.now();
  const blob = await removeBackground('file://' + fs.realpathSync(images[i]), { publicPath: 'file://' + dist, model, output: { format: 'image/png' } });
  fs.writeFileSync(path.join(outDir, `${i}.png`), Buffer.from(await blob.arrayBuffer()));
  console.log(`peer ${i} ${(performance.now() - t0).toFixed(0)} ms`);
}
