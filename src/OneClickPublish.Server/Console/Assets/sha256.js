// SHA-256 over a file read in parts (FIPS 180-4): the upload announces its hash before the first
// byte, and a browser's crypto.subtle hashes only a whole buffer, and only over https or on localhost.
'use strict';
(() => {
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);

  class Sha256 {
    constructor() {
      this.h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
      this.buffer = new Uint8Array(64);
      this.buffered = 0;
      this.length = 0;
      this.w = new Uint32Array(64);
    }

    update(data) {
      let i = 0;
      this.length += data.length;
      if (this.buffered > 0) {
        const n = Math.min(64 - this.buffered, data.length);
        this.buffer.set(data.subarray(0, n), this.buffered);
        this.buffered += n;
        i = n;
        if (this.buffered === 64) { this.block(this.buffer, 0); this.buffered = 0; }
      }
      for (; i + 64 <= data.length; i += 64) this.block(data, i);
      if (i < data.length) { this.buffer.set(data.subarray(i), 0); this.buffered = data.length - i; }
    }

    block(d, o) {
      const w = this.w;
      for (let t = 0; t < 16; t++) w[t] = (d[o + 4 * t] << 24) | (d[o + 4 * t + 1] << 16) | (d[o + 4 * t + 2] << 8) | d[o + 4 * t + 3];
      for (let t = 16; t < 64; t++) {
        const a = w[t - 15], b = w[t - 2];
        const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
        const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
      }
      let [a, b, c, d2, e, f, g, h] = this.h;
      for (let t = 0; t < 64; t++) {
        const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
        const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g; g = f; f = e; e = (d2 + t1) | 0; d2 = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      const H = this.h;
      H[0] += a; H[1] += b; H[2] += c; H[3] += d2; H[4] += e; H[5] += f; H[6] += g; H[7] += h;
    }

    hex() {
      const bits = this.length * 8;
      const pad = new Uint8Array((this.buffered < 56 ? 64 : 128) - this.buffered);
      pad[0] = 0x80;
      const n = pad.length;
      const high = Math.floor(bits / 0x100000000), low = bits >>> 0;
      pad[n - 8] = high >>> 24; pad[n - 7] = (high >>> 16) & 255; pad[n - 6] = (high >>> 8) & 255; pad[n - 5] = high & 255;
      pad[n - 4] = low >>> 24; pad[n - 3] = (low >>> 16) & 255; pad[n - 2] = (low >>> 8) & 255; pad[n - 1] = low & 255;
      this.update(pad);
      return [...this.h].map((x) => x.toString(16).padStart(8, '0')).join('');
    }
  }

  // The hash of a File, read 4 MiB at a time; progress(bytesRead) after each part.
  async function hashFile(file, progress) {
    const hash = new Sha256();
    const part = 4 * 1024 * 1024;
    for (let offset = 0; offset < file.size; offset += part) {
      hash.update(new Uint8Array(await file.slice(offset, offset + part).arrayBuffer()));
      progress?.(Math.min(offset + part, file.size));
    }
    return hash.hex();
  }

  window.OCP.sha256 = { Sha256, hashFile };
})();
