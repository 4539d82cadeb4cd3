#!/usr/bin/env python3
"""rename_font.py SRC.ttf DST.ttf FAMILY PSNAME: a copy of a TrueType font registered under another
family name (name IDs 1, 4, 16 = FAMILY; 6 = PSNAME; in Windows Unicode, en-US and zh-CN), with
the table directory's checksums and head.checkSumAdjustment made right again. Used to stand in for a
licensed font such as 仿宋_GB2312 in tests without shipping one."""
import struct, sys

def checksum(b):
    b = b + b'\0' * ((4 - len(b) % 4) % 4)
    return sum(struct.unpack('>%dI' % (len(b) // 4), b)) & 0xffffffff

src, dst, family, psname = sys.argv[1:5]
d = open(src, 'rb').read()
num = struct.unpack('>H', d[4:6])[0]
tables = {}
for i in range(num):
    tag, _, off, ln = struct.unpack('>4sIII', d[12 + 16 * i:28 + 16 * i])
    tables[tag] = d[off:off + ln]
recs, strings = [], b''
for lang in (0x0409, 0x0804):
    for nid, text in ((1, family), (2, 'Regular'), (4, family), (6, psname), (16, family), (17, 'Regular')):
        s = text.encode('utf-16-be')
        recs.append((3, 1, lang, nid, len(s), len(strings)))
        strings += s
recs.sort()
name = struct.pack('>HHH', 0, len(recs), 6 + 12 * len(recs))
name += b''.join(struct.pack('>HHHHHH', *r) for r in recs) + strings
tables[b'name'] = name
tags = sorted(tables)
head = bytearray(tables[b'head'])
head[8:12] = b'\0\0\0\0'
tables[b'head'] = bytes(head)
out = bytearray(struct.pack('>IHHHH', 0x00010000, len(tags), 0, 0, 0))
pos = 12 + 16 * len(tags)
body = b''
for t in tags:
    b = tables[t]
    out += struct.pack('>4sIII', t, checksum(b), pos + len(body), len(b))
    body += b + b'\0' * ((4 - len(b) % 4) % 4)
out += body
hpos = 12 + 16 * len(tags) + sum(len(tables[t]) + (4 - len(tables[t]) % 4) % 4 for t in tags[:tags.index(b'head')])
struct.pack_into('>I', out, hpos + 8, (0xB1B0AFBA - checksum(bytes(out))) & 0xffffffff)
open(dst, 'wb').write(out)
