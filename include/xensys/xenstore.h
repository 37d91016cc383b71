// libxenstore's client header, which lacks extern "C" in Xen 4.17.
#pragma once

extern "C" {
#include <xenstore.h>
}
