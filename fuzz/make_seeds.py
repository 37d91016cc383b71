#!/usr/bin/env python3
"""Writes the seed corpora in fuzz/corpus/ (run from the top of the tree).

The seeds are tiny, valid XenStore conversations; the fuzzer grows its own
working corpus from them in build-fuzz/corpus/. Formats are described at the
top of fuzz/engine_fuzz.cpp and fuzz/frame_fuzz.cpp.
"""
import os
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

for target, seeds in (('engine_fuzz', engine), ('frame_fuzz', frames)):
    d = os.path.join('fuzz', 'corpus', target)
    os.makedirs(d, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(d, name), 'wb') as f:
            f.write(data)
