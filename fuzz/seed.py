#!/usr/bin/env python3
"""Writes the seed corpora (fuzz/corpus/*) and dictionaries (fuzz/dict/*) from
hand-built wire values of schema/api.tl, schema excerpts, the features fixture
and the hostile schemas. Run from anywhere: python3 fuzz/seed.py"""
import struct, re, os, hashlib
root=os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
def u32(x): return struct.pack('<I', x)
def i32(x): return struct.pack('<i', x)
def i64(x): return struct.pack('<q', x)
def tlstr(b):
    if isinstance(b,str): b=b.encode()
    if len(b)<254: h=bytes([len(b)])+b
    else: h=b'\xfe'+struct.pack('<I',len(b))[:3]+b
    return h+b'\0'*((-len(h))%4)
VEC=0x1cb5c415
def vec(items): return u32(VEC)+i32(len(items))+b''.join(items)
empty=u32(0xdc3d824f); plain=lambda s: u32(0x744694e0)+tlstr(s)
bold=lambda t: u32(0x6724abc4)+t; concat=lambda ts: u32(0x7e6260d7)+vec(ts)
rich=[empty, plain('hi'), bold(plain('x')), concat([plain('a'), bold(empty), plain('b'*300)]), bold(bold(bold(empty)))]
page=[u32(0x13567e8a), u32(0x70abc3fd)+rich[1], u32(0xdb20b188),
      u32(0xe4e88011)+vec([u32(0x2f58683c)+u32(3)+rich[3]]),
      u32(0x76768bed)+u32(1)+vec([u32(0x467a0766)+rich[2], u32(0xdb20b188)])+empty]
typing=u32(0x2a17bf5c)+u32(1)+i64(42)+i32(7)+u32(0x16bf744e)
upd=[u32(0xe317af7e), u32(0x78d4dec1)+typing+i32(1700000000),
     u32(0x74ae4240)+vec([typing])+vec([])+vec([])+i32(1)+i32(2),
     u32(0x725b04c3)+vec([])+vec([])+vec([])+i32(1)+i32(2)+i32(3),
     u32(0x313bc7f8)+u32(0x2012)+i32(5)+i64(77)+tlstr('hello')+i32(1)+i32(1)+i32(9)+i64(8)]
msgs=[u32(0x1d73e7ea)+vec([])+vec([])+vec([])+vec([]), u32(0x74535f21)+i32(10)]
def write(target, blobs):
    d=f'{root}/fuzz/corpus/{target}'; os.makedirs(d, exist_ok=True)
    for b in blobs:
        open(f'{d}/{hashlib.sha1(b).hexdigest()[:16]}','wb').write(b)
write('decode_deep', [bytes([0])+b for b in upd]+[bytes([1])+b for b in page]+[bytes([2])+b for b in rich]+[bytes([3])+b for b in msgs])
write('decode_object', rich+page+upd+msgs+[u32(0x997275b5), u32(0x59511722)+i64(5), u32(0xc4f9186b)])
# schema text seeds
texts=[]
for f in ['schema/api.tl','schema/mtproto.tl','schema/secret.tl','tl-codegen/tests/schemas/features.tl']:
    lines=open(f'{root}/{f}').read().split('\n')
    for i in range(0, min(len(lines), 400), 40):
        texts.append('\n'.join(lines[i:i+40]).encode())
hostile='tl-codegen/tests/schemas/hostile'
for f in sorted(os.listdir(f'{root}/{hostile}')):
    texts.append(open(f'{root}/{hostile}/{f}','rb').read())
texts.append(open(f'{root}/tl-codegen/tests/schemas/features.tl','rb').read())
texts += [b'vector {t:Type} # [ t ] = Vector t;\nint ? = Int;\nfoo n:# xs:n*[int] = Foo;\n',
          b'//@description A doc\n//@x the x\nfoo x:int = Foo;\n---functions---\nbar {X:Type} query:!X = X;\n',
          b'\xef\xbb\xbffoo#deadbeef flags:# a:flags.0?true b:flags.0?string = Foo;\n']
write('parse', texts); write('generate', texts)
# dictionaries
ids=set()
for f in ['schema/api.tl','schema/mtproto.tl']:
    for m in re.finditer(r'^[A-Za-z_.0-9]+#([0-9a-f]{1,8})\b', open(f'{root}/{f}').read(), re.M):
        ids.add(int(m.group(1),16))
ids.add(VEC)
with open(f'{root}/fuzz/dict/ids.dict','w') as out:
    out.write('# Constructor ids of schema/api.tl and schema/mtproto.tl (little-endian), and the vector id.\n')
    for x in sorted(ids):
        out.write('"'+''.join('\\x%02x'%b for b in u32(x))+'"\n')
toks=['=',';','#',':','?','!','%','{','}','[',']','(',')','<','>','*','.','---functions---','---types---','//','//@description ','//@class ','//@param_',
 '// LAYER ','Type','Vector','vector','flags','flags.0?','flags2.31?','true','int','long','string','bytes','double','int128','int256','Bool','Object','Int','X','!X','{X:Type}','query:!X','#','%Foo','\\x0a','\\x09']
with open(f'{root}/fuzz/dict/tl.dict','w') as out:
    out.write('# TL tokens for the parse and generate targets.\n')
    for t in toks:
        out.write('"'+t.replace('"','\\"')+'"\n')
