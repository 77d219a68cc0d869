// A call recording as the server's RTP relay writes it
// (<voice.recordings_dir>/contact-<id>.wav: stereo, 8 kHz, 16-bit, the
// customer on the left and the agent on the right), the voices made by
// espeak-ng, for the scenarios that review recorded calls.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The 16-bit samples and rate of a PCM WAV (espeak-ng's: mono, 22050 Hz). */
function readWav(buf) {
  let off = 12;
  let rate = 0;
  let channels = 1;
  while (off + 8 <= buf.length) {
    const id = buf.toString("ascii", off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === "fmt ") {
      channels = buf.readUInt16LE(off + 10);
      rate = buf.readUInt32LE(off + 12);
    } else if (id === "data") {
      const n = Math.floor(Math.min(size, buf.length - off - 8) / 2 / channels);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = buf.readInt16LE(off + 8 + i * 2 * channels);
      return { rate, samples: out };
    }
    off += 8 + size + (size % 2);
  }
  throw new Error("not a PCM WAV");
}

/** Linear resampling to 8 kHz. */
function to8k({ rate, samples }) {
  const n = Math.floor((samples.length * 8000) / rate);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = (i * rate) / 8000;
    const j = Math.floor(x);
    const f = x - j;
    out[i] = (samples[j] ?? 0) * (1 - f) + (samples[j + 1] ?? 0) * f;
  }
  return out;
}

/** Speaks the turns with espeak-ng and writes one stereo 8 kHz WAV: the customer's turns on the left, the agent's on the right. */
export function writeCall(path, turns) {
  const tmp = mkdtempSync(join(tmpdir(), "sy-e2e-voice-"));
  try {
    const parts = turns.map(([who, text], i) => {
      const f = join(tmp, `${i}.wav`);
      execFileSync("espeak-ng", ["-v", "en", "-s", "165", "-w", f, text]);
      return { who, pcm: to8k(readWav(readFileSync(f))) };
    });
    const gap = 4000; // half a second between turns
    const frames = parts.reduce((n, p) => n + p.pcm.length + gap, gap);
    const data = Buffer.alloc(frames * 4);
    let at = gap;
    for (const p of parts) {
      const ch = p.who === "customer" ? 0 : 1;
      for (let i = 0; i < p.pcm.length; i++) data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(p.pcm[i]))), (at + i) * 4 + ch * 2);
      at += p.pcm.length + gap;
    }
    const h = Buffer.alloc(44);
    h.write("RIFF", 0, "ascii");
    h.writeUInt32LE(36 + data.length, 4);
    h.write("WAVE", 8, "ascii");
    h.write("fmt ", 12, "ascii");
    h.writeUInt32LE(16, 16);
    h.writeUInt16LE(1, 20); // PCM
    h.writeUInt16LE(2, 22); // stereo
    h.writeUInt32LE(8000, 24);
    h.writeUInt32LE(8000 * 4, 28);
    h.writeUInt16LE(4, 32);
    h.writeUInt16LE(16, 34);
    h.write("data", 36, "ascii");
    h.writeUInt32LE(data.length, 40);
    writeFileSync(path, Buffer.concat([h, data]));
    return (frames / 8000) * 1000;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
