// A domain's XenStore nodes as Xen's libxl lays them out, so that Linux's
// frontends, xenstored, the console daemon and Xen's own tools find what
// they expect: /local/domain/<id>, /vm/<uuid>, /libxl/<id> and the console's
// frontend and backend.
#pragma once

#include <cstdint>
#include <string>

#include "build_plan.h"
#include "libxl/store/store.h"

namespace libxl::domain {

std::string dom_path(DomId domid);     // /local/domain/<id>
std::string libxl_path(DomId domid);   // /libxl/<id>
std::string vm_path(const std::string& uuid);

// The skeleton libxl's domain_make writes in one transaction: the paths,
// their permissions, the name (refused when another domain has it) and the
// control nodes the guest may write.
Result<void> make_domain_nodes(store::Store& xs, DomId domid, const BuildPlan& plan);

struct BuiltDomain {
  std::uint32_t store_port = 0, console_port = 0;
  std::uint64_t store_gfn = 0, console_gfn = 0;
  DomId store_domid = 0, console_domid = 0;
  std::string start_time;  // "<seconds>.<centiseconds>"
};

// What libxl's build_post writes once the image is built: memory, vCPUs,
// the store ring, the boot image's description under /vm.
Result<void> write_build_nodes(store::Store& xs, DomId domid, const BuildPlan& plan,
                               const BuiltDomain& built);

// Console 0: its frontend under the domain and its backend under the
// console daemon's domain, for xenconsoled to pick up.
Result<void> add_console(store::Store& xs, DomId domid, const BuiltDomain& built);

// Everything of DOMID's in XenStore: its devices' backends, its own paths
// and /vm/<uuid>. Missing nodes are not an error.
Result<void> remove_domain_nodes(store::Store& xs, DomId domid, const std::string& uuid);

}  // namespace libxl::domain
