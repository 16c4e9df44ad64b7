// A store-only ZIP writer (no compression): the browser hands a cluster export over as one file.
// Entries carry UTF-8 names and a fixed 1980-01-01 time, so the same files give the same bytes.

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;
const UTF8_NAMES = 1 << 11;
/** Unix permissions in the external attributes: run.sh stays executable. */
const mode = (name: string) => ((name.endsWith('.sh') ? 0o100755 : 0o100644) << 16) >>> 0;

/** path -> text; paths use '/' and no leading slash. Throws past ZIP32's 4 GiB / 65535 entries. */
export function zipFiles(files: Readonly<Record<string, string>>): Uint8Array {
  const enc = new TextEncoder();
  const entries = Object.entries(files).map(([name, text]) => {
    if (!name || name.startsWith('/') || name.split('/').includes('..')) throw new Error(`zip entry name "${name}" must be a relative path`);
    const data = enc.encode(text);
    return { name: enc.encode(name), data, crc: crc32(data), mode: mode(name) };
  });
  if (entries.length > 0xffff) throw new Error(`a zip holds at most 65535 files, got ${entries.length}`);
  const localSize = entries.reduce((n, e) => n + 30 + e.name.length + e.data.length, 0);
  const centralSize = entries.reduce((n, e) => n + 46 + e.name.length, 0);
  if (localSize + centralSize + 22 > 0xffffffff) throw new Error('a zip without ZIP64 holds at most 4 GiB');
  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  let at = 0;
  const u16 = (v: number) => {
    view.setUint16(at, v, true);
    at += 2;
  };
  const u32 = (v: number) => {
    view.setUint32(at, v, true);
    at += 4;
  };
  const bytes = (b: Uint8Array) => {
    out.set(b, at);
    at += b.length;
  };
  const offsets: number[] = [];
  for (const e of entries) {
    offsets.push(at);
    u32(0x04034b50);
    u16(20); u16(UTF8_NAMES); u16(0); u16(0); u16(DOS_DATE_1980_01_01);
    u32(e.crc); u32(e.data.length); u32(e.data.length);
    u16(e.name.length); u16(0);
    bytes(e.name);
    bytes(e.data);
  }
  const centralStart = at;
  entries.forEach((e, i) => {
    u32(0x02014b50);
    u16((3 << 8) | 20); u16(20); u16(UTF8_NAMES); u16(0); u16(0); u16(DOS_DATE_1980_01_01);
    u32(e.crc); u32(e.data.length); u32(e.data.length);
    u16(e.name.length); u16(0); u16(0); u16(0); u16(0);
    u32(e.mode); u32(offsets[i]);
    bytes(e.name);
  });
  u32(0x06054b50);
  u16(0); u16(0); u16(entries.length); u16(entries.length);
  u32(centralSize); u32(centralStart); u16(0);
  return out;
}
