// libxl_domain_config_to_json as libxl's generated code writes it: the
// member list is domain_fields.h's, the rules are JsonOut's.
#include <string>

#include "json_out.h"

namespace libxl::config {

std::string domain_config_to_json(const DomainConfig& d) {
  json::Writer w;
  JsonOut out(w);
  w.begin_object();
  fields(out, d);
  w.end_object();
  return w.str();
}

}  // namespace libxl::config
