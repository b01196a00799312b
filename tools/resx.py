#!/usr/bin/env python3
"""Writes CaseDesk.Web/Resources/SharedResource(.en).resx from tools/strings.tsv and checks every L["key"] used exists.

strings.tsv: key<TAB>zh-TW<TAB>en  (one line per string; \\n for a line break; '-' leaves a language out:
the Error.* keys only translate the domain's Chinese messages into English)
Run: python3 tools/resx.py
"""
import os, re, sys
from xml.sax.saxutils import escape

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
rows = []
for n, line in enumerate(open(os.path.join(root, 'tools', 'strings.tsv'), encoding='utf-8'), 1):
    line = line.rstrip('\n')
    if not line or line.startswith('#'):
        continue
    parts = line.split('\t')
    if len(parts) != 3:
        sys.exit(f'strings.tsv:{n}: expected 3 tab-separated columns, got {len(parts)}')
    rows.append(tuple(p.replace('\\n', '\n') for p in parts))

keys = [r[0] for r in rows]
dupes = {k for k in keys if keys.count(k) > 1}
if dupes:
    sys.exit(f'duplicate keys: {sorted(dupes)}')

head = '''<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
'''
def write(path, col):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(head)
        for r in rows:
            if r[col] == '-':
                continue  # a string only the other language needs
            f.write(f'  <data name="{escape(r[0], {chr(34): "&quot;"})}" xml:space="preserve"><value>{escape(r[col])}</value></data>\n')
        f.write('</root>\n')

res = os.path.join(root, 'CaseDesk.Web', 'Resources')
write(os.path.join(res, 'SharedResource.resx'), 1)
write(os.path.join(res, 'SharedResource.en.resx'), 2)

used = set()
for dirpath, _, files in os.walk(os.path.join(root, 'CaseDesk.Web')):
    if '/bin' in dirpath or '/obj' in dirpath:
        continue
    for fn in files:
        if fn.endswith(('.razor', '.cs')):
            text = open(os.path.join(dirpath, fn), encoding='utf-8').read()
            used.update(re.findall(r'\bL\["([A-Za-z0-9_.]+)"', text))
            used.update(re.findall(r'\bl\["([A-Za-z0-9_.]+)"', text))
# keys built from prefixes (L["CaseStatus." + s]) are listed by prefix
missing = sorted(k for k in used if k not in keys and not k.endswith('.'))
if missing:
    sys.exit('missing strings: ' + ', '.join(missing))
print(f'{len(rows)} strings written; all {len(used)} literal keys present')
