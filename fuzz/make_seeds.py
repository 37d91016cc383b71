#!/usr/bin/env python3
"""Writes the seed corpora in fuzz/corpus/ (run from the top of the tree).

The seeds are tiny, valid XenStore conversations; the fuzzer grows its own
working corpus from them in build-fuzz/corpus/. Formats are described at the
top of fuzz/engine_fuzz.cpp and fuzz/frame_fuzz.cpp.

spec_fuzz's seeds (the device spec parsers) are hand-written examples plus
every spec string found in the xl.cfg files of the shared corpus
($XL_CORPUS, default /work/shared/xl-corpus/corpus; skipped when absent) and
tests/golden, and the string literals the unit tests in
tests/unit/libxl/config/devices pass to the parsers.
"""
import glob
import hashlib
import os
import re
import struct

T = dict(CONTROL=0, DIRECTORY=1, READ=2, GET_PERMS=3, WATCH=4, UNWATCH=5,
         TRANSACTION_START=6, TRANSACTION_END=7, INTRODUCE=8, RELEASE=9,
         GET_DOMAIN_PATH=10, WRITE=11, MKDIR=12, RM=13, SET_PERMS=14,
         IS_DOMAIN_INTRODUCED=17, RESUME=18, SET_TARGET=19, RESET_WATCHES=21,
         DIRECTORY_PART=22, GET_FEATURE=23, SET_FEATURE=24, GET_QUOTA=25,
         SET_QUOTA=26)


def frame(t, payload, req=1, tx=0):
    return struct.pack('<IIII', T[t], req, tx, len(payload)) + payload


def args(*a):
    return b''.join(x.encode() + b'\0' for x in a)


def write(*a):  # path\0value (no NUL after the value)
    return a[0].encode() + b'\0' + a[1].encode()


# engine_fuzz: records of <control byte><frame>; control & 3 picks the
# connection (0 dom0, 1 dom5, 2 dom7), 3 is an engine event.
DOM0, DOM5, DOM7 = 0, 1, 2
def rec(conn, t, payload, req=1, tx=0, ctl=0):
    return bytes([conn | ctl]) + frame(t, payload, req, tx)
def ev(op):
    return bytes([3 | (op << 2)])

engine = {
    'read_write_guest': rec(DOM5, 'WRITE', write('data/x', 'hello'))
                        + rec(DOM5, 'READ', args('data/x'), 2)
                        + rec(DOM5, 'DIRECTORY', args('/local/domain/5'), 3)
                        + rec(DOM5, 'READ', args('/committed'), 4),
    'watch_guest': rec(DOM5, 'WATCH', args('/local/domain/5', 'tok'))
                   + rec(DOM7, 'WATCH', args('@releaseDomain', 'rel'))
                   + rec(DOM5, 'WRITE', write('a/b/c', 'v'), 2)
                   + rec(DOM5, 'RM', args('a'), 3)
                   + rec(DOM5, 'UNWATCH', args('/local/domain/5', 'tok'), 4),
    'transaction_guest': rec(DOM5, 'TRANSACTION_START', args(''))
                         + rec(DOM5, 'WRITE', write('t/n', 'v'), 2, 1)
                         + rec(DOM7, 'WRITE', write('/local/domain/7/t', 'w'), 1)
                         + rec(DOM5, 'DIRECTORY_PART', args('t', '0'), 3, 1)
                         + rec(DOM5, 'TRANSACTION_END', args('T'), 4, 1),
    'perms_guest': rec(DOM7, 'WRITE', write('x', '1'))
                   + rec(DOM7, 'SET_PERMS', args('x', 'n7', 'r5'), 2)
                   + rec(DOM5, 'GET_PERMS', args('/local/domain/7/x'))
                   + rec(DOM5, 'WRITE', write('/local/domain/7/x', '2'), 2),
    'dom0_admin': rec(DOM0, 'WRITE', write('/vm/a', 'x'))
                  + rec(DOM0, 'SET_QUOTA', args('5', 'nodes', '3'), 2)
                  + rec(DOM0, 'GET_QUOTA', args('5', 'nodes'), 3)
                  + rec(DOM0, 'SET_TARGET', args('7', '5'), 4)
                  + rec(DOM0, 'CONTROL', args('quota'), 5)
                  + rec(DOM0, 'RELEASE', args('5'), 6)
                  + rec(DOM5, 'READ', args('/local/domain/5'), 1)
                  + ev(6),
    'dom0_transaction': rec(DOM0, 'TRANSACTION_START', args(''))
                        + rec(DOM0, 'RM', args('/local/domain/5'), 2, 1)
                        + rec(DOM0, 'MKDIR', args('/local/domain/5/new'), 3, 1)
                        + rec(DOM0, 'WATCH', args('/', 'all'), 4)
                        + rec(DOM0, 'TRANSACTION_END', args('T'), 5, 1),
}

# Regression inputs for bugs the fuzz targets caught (see fuzz/README.md).
# A guest watches its home with a 3500-byte token, then writes a node with a
# 1235-byte path below it: the WATCH_EVENT was 4737 bytes long.
engine['regress-long-watch-event'] = (
    rec(DOM5, 'WATCH', args('/local/domain/5', 'k' * 3500))
    + rec(DOM5, 'WRITE', write('/local/domain/5/' + '/'.join(['a' * 60] * 20), 'v'), 2))
# dom0 gives 130 nodes 130 different owners; CONTROL memreport then listed
# them all in a 4.2 KB reply.
engine['regress-long-memreport'] = b''.join(
    rec(DOM0, 'WRITE', write('/o/%d' % d, ''), d) + rec(DOM0, 'SET_PERMS', args('/o/%d' % d, 'n%d' % d), d)
    for d in range(1000, 1130)) + rec(DOM0, 'CONTROL', args('memreport'), 9999)

# frame_fuzz: <chunk size><budget><raw stream>.
stream = (frame('WRITE', write('/a', 'b')) + frame('READ', args('/a'), 2)
          + frame('WATCH', args('/a', 't'), 3) + frame('TRANSACTION_START', args(''), 4)
          + frame('WRITE', write('/a/c', 'd'), 5, 1) + frame('TRANSACTION_END', args('T'), 6, 1)
          + frame('DIRECTORY', args('/'), 7) + frame('CONTROL', args('check'), 8))
frames = {
    'whole': bytes([0, 0]) + stream,
    'chunked': bytes([7, 2]) + stream,
    'oversize': bytes([0, 0]) + frame('READ', args('/a')) + struct.pack('<IIII', 2, 2, 0, 4097),
    'partial': bytes([5, 0]) + frame('GET_DOMAIN_PATH', args('5')) + frame('READ', args('/'))[:10],
}

# spec_fuzz: <selector byte><spec text>; selector numbers as in the Parser
# enum of fuzz/spec_fuzz.cpp (the high 3 bits are a parameter, 0 here).
SEL = dict(disk=0, disk_parts=1, nic=2, vif_part=3, rate=4, pci=5, cpu_list=6,
           ioport=7, iomem=8, irq=9, rdm=10, vnuma=11, channel=12, usbctrl=13,
           usbdev=14, vkb=15, vfb=16, vtpm=17, p9=18, vdispl=19, vsnd=20,
           pvcallsif=21, mac_uuid=22)
# xl.cfg key -> (selector, how its value becomes inputs): 'each' = one input
# per list item (or the atom), 'lines' = a list's items joined by newlines,
# 'nested' = one input per inner list, its items joined by newlines.
CFG_KEYS = {'disk': ('disk', 'each'), 'vif': ('nic', 'each'), 'pci': ('pci', 'each'),
            'cpus': ('cpu_list', 'each'), 'cpus_soft': ('cpu_list', 'each'),
            'iomem': ('iomem', 'each'), 'ioports': ('ioport', 'each'), 'irqs': ('irq', 'each'),
            'rdm': ('rdm', 'each'), 'vnuma': ('vnuma', 'nested'), 'channel': ('channel', 'each'),
            'usbctrl': ('usbctrl', 'each'), 'usbdev': ('usbdev', 'each'), 'vkb': ('vkb', 'each'),
            'vfb': ('vfb', 'each'), 'vtpm': ('vtpm', 'each'), 'p9': ('p9', 'lines'),
            'vdispl': ('vdispl', 'each'), 'vsnd': ('vsnd', 'nested'),
            'pvcalls': ('pvcallsif', 'each')}
spec_seeds = {
    'disk-phy': ('disk', 'phy:/dev/vg/guest,xvda,w'),
    'disk-keys': ('disk', 'format=qcow2,vdev=xvdb,access=ro,devtype=cdrom,backend=dom0,'
                  'script=block-iscsi,discard,direct-io-safe,target=/img/a.qcow2'),
    'disk-colo': ('disk', 'format=raw,vdev=hda,colo,colo-host=h,colo-port=9000,colo-export=e,'
                  'active-disk=/a,hidden-disk=/h,target=/x'),
    'disk-virtio': ('disk', 'vdev=xvda,specification=virtio,transport=mmio,target=/x'),
    'disk-parts': ('disk_parts', 'format=raw\nvdev=xvdc\naccess=rw\ntarget=/dev/sdb'),
    'nic': ('nic', 'mac=00:16:3e:01:02:03,bridge=xenbr0,ip=10.0.0.2,model=e1000,type=ioemu,'
            'rate=10Mb/s@20ms,mtu=1500,vifname=v0,script=vif-bridge,backend=0,devid=1,'
            'gatewaydev=eth0,trusted=1,accel=x,netdev=y,colo_sock_mirror_id=1'),
    'vif-parts': ('vif_part', 'mac=00:16:3e:00:00:01\nbridge=br0\nrate=1GB/s@1s'),
    'rate': ('rate', '100MB/s@50us'),
    'pci': ('pci', '0000:01:00.0@3,permissive=1,msitranslate=1,seize=1,power_mgmt=1,'
            'rdm_policy=relaxed,name=gpu'),
    'pci-all-funcs': ('pci', '01:00.*'),
    'cpus': ('cpu_list', 'nodes:0-1,^node:0,3-5,^4,all'),
    'ioport': ('ioport', '3f8-3ff'),
    'iomem': ('iomem', 'fe000,1@a0000'),
    'irq': ('irq', '17'),
    'rdm': ('rdm', 'strategy=host,policy=relaxed'),
    'vnuma': ('vnuma', 'pnode=0\nsize=512\nvcpus=0-1,3\nvdistances=10,20'),
    'channel': ('channel', 'name=org.qemu.guest_agent.0,connection=socket,path=/tmp/s,backend=0,devid=2'),
    'usbctrl': ('usbctrl', 'type=qusb,version=2,ports=8'),
    'usbdev': ('usbdev', 'hostbus=1,hostaddr=3,controller=0,port=1,type=hostdev'),
    'vkb': ('vkb', 'backend-type=linux,unique-id=k0,feature-disable-keyboard=1,'
            'feature-abs-pointer=1,width=800,height=600,multi-touch-width=10,'
            'multi-touch-height=10,multi-touch-num-contacts=2,feature-raw-pointer=1,'
            'feature-multi-touch=1,feature-disable-pointer=0,backend=0'),
    'vfb': ('vfb', 'vnc=1,vnclisten=0.0.0.0,vncdisplay=1,vncunused=1,vncpasswd=x,'
            'sdl=1,opengl=1,display=:0,xauthority=/x,keymap=en-us,type=vnc'),
    'vtpm': ('vtpm', 'backend=vtpmmgr,uuid=12345678-1234-1234-1234-123456789abc'),
    'p9': ('p9', 'tag=share,path=/srv,security_model=none,backend=0\ntag=b'),
    'vdispl': ('vdispl', 'backend=0,be-alloc=1,connectors=id0:1920x1080;id1:800x600'),
    'vsnd': ('vsnd', 'card,short-name=Main,long-name=Main card,sample-rates=8000;48000,'
             'sample-formats=s16_le;f32_le,channels-min=1,channels-max=2,buffer-size=65536\n'
             'pcm,name=p0\nstream,unique-id=s0,type=p\nstream,unique-id=s1,type=c'),
    'pvcallsif': ('pvcallsif', 'backend=0'),
    'mac-uuid': ('mac_uuid', '00:16:3e:0a:0b:0c'),
    'uuid': ('mac_uuid', '12345678-9abc-def0-1234-56789abcdef0'),
}
spec_seeds = {k: (v[0], v[1].replace('\\n', '\n')) for k, v in spec_seeds.items()}


def cfg_tokens(text):
    """xl.cfg tokens, enough to find string values: (kind, text) pairs."""
    for m in re.finditer(r'#[^\n]*|"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|'
                         r'([A-Za-z_][A-Za-z0-9_.-]*|[0-9][^\s,;\]\[]*)|(\+?=|[\[\],;\n])', text):
        if m.group(0).startswith('#'):
            continue
        if m.group(1) is not None or m.group(2) is not None:
            s = m.group(1) if m.group(1) is not None else m.group(2)
            yield 'str', re.sub(r'\\(.)', r'\1', s)
        elif m.group(3) is not None:
            yield 'word', m.group(3)
        else:
            yield m.group(4), m.group(4)


def cfg_values(text):
    """(key, value) for each setting; value is a str or a (nested) list of str."""
    toks = [t for t in cfg_tokens(text)]
    i = 0

    def value(i):
        if i < len(toks) and toks[i][0] in ('str', 'word'):
            return toks[i][1], i + 1
        if i < len(toks) and toks[i][0] == '[':
            items, i = [], i + 1
            while i < len(toks) and toks[i][0] != ']':
                if toks[i][0] in (',', '\n'):
                    i += 1
                    continue
                v, j = value(i)
                if j == i:
                    return None, i + 1
                items.append(v)
                i = j
            return items, i + 1
        return None, i

    while i + 2 < len(toks):
        if toks[i][0] == 'word' and toks[i + 1][0] in ('=', '+='):
            v, j = value(i + 2)
            if v is not None:
                yield toks[i][1], v
            i = max(j, i + 1)
        else:
            i += 1


def strs(v):
    return [x for x in (v if isinstance(v, list) else [v]) if isinstance(x, str)]


found = []  # (selector name, text)
corpus = os.environ.get('XL_CORPUS', '/work/shared/xl-corpus/corpus')
cfgs = sorted(glob.glob(os.path.join(corpus, '**', '*.cfg'), recursive=True))
cfgs += sorted(glob.glob('tests/golden/**/*.cfg', recursive=True))
for path in cfgs:
    with open(path, encoding='utf-8', errors='replace') as f:
        text = f.read()
    for key, v in cfg_values(text):
        if key not in CFG_KEYS:
            continue
        sel, how = CFG_KEYS[key]
        if how == 'each':
            found += [(sel, s) for s in strs(v)]
        elif how == 'lines':
            found.append((sel, '\n'.join(strs(v))))
        else:
            found += [(sel, '\n'.join(strs(inner))) for inner in v if isinstance(inner, list)]
# String literals the unit tests hand to the parsers.
UNIT_FN = {'parse_disk': 'disk', 'parse_nic': 'nic', 'parse_rate': 'rate', 'parse_pci': 'pci',
           'parse_cpu_list': 'cpu_list', 'parse_ioport_range': 'ioport',
           'parse_iomem_range': 'iomem', 'parse_irq': 'irq', 'parse_rdm': 'rdm',
           'parse_channel': 'channel', 'parse_usbctrl': 'usbctrl', 'parse_usbdev': 'usbdev',
           'parse_vkb': 'vkb', 'parse_vfb': 'vfb', 'parse_vtpm': 'vtpm', 'parse_p9': 'p9',
           'parse_vdispl': 'vdispl', 'parse_pvcallsif': 'pvcallsif'}
for path in sorted(glob.glob('tests/unit/libxl/config/devices/*.cpp')):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    for m in re.finditer(r'\b(parse_[a-z0-9_]+)\(\s*"((?:[^"\\]|\\.)*)"', text):
        if m.group(1) in UNIT_FN:
            found.append((UNIT_FN[m.group(1)], bytes(m.group(2), 'utf-8').decode('unicode_escape')))
seen = set()
for sel, text in found:
    if (sel, text) in seen:
        continue
    seen.add((sel, text))
    spec_seeds['%s-%s' % (sel, hashlib.sha1(text.encode()).hexdigest()[:10])] = (sel, text)
# Regression inputs for spec_fuzz (see fuzz/README.md). A vnuma vcpus= range
# is walked one vcpu at a time to count it: 0-99999999999 spins for hours.
spec_seeds['regress-vnuma-huge-vcpus-range'] = ('vnuma', 'pnode=0\nsize=512\nvcpus=0-99999999999')
specs = {name: bytes([SEL[sel]]) + text.encode('utf-8', 'surrogateescape')
         for name, (sel, text) in spec_seeds.items()}

for target, seeds in (('engine_fuzz', engine), ('frame_fuzz', frames), ('spec_fuzz', specs)):
    d = os.path.join('fuzz', 'corpus', target)
    os.makedirs(d, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(d, name), 'wb') as f:
            f.write(data)
