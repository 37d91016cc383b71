// Xen's libxenctrl, libxenguest, libxenevtchn, libxengnttab and
// libxenforeignmemory headers, made usable from C++: some use GNU extensions
// (anonymous unions, zero-length arrays) and refuse to compile under strict
// ISO C++ (-std=c++2b defines __STRICT_ANSI__), and some lack extern "C".
// Every file of ours that needs them includes this instead, so the
// exceptions stay in one place.
#pragma once

#pragma push_macro("__STRICT_ANSI__")
#undef __STRICT_ANSI__
extern "C" {
#include <xenctrl.h>
#include <xenevtchn.h>
#include <xenforeignmemory.h>
#include <xengnttab.h>
#include <xenguest.h>
#include <xen/grant_table.h>
}
#pragma pop_macro("__STRICT_ANSI__")
