// xl block-attach <Domain> <disk-spec-component(s)>...: parses the disk as xl
// does; with -N prints the libxl JSON of the device instead of attaching it.
#include <ostream>
#include <string_view>
#include <vector>

#include "commands.h"
#include "device_command.h"
#include "libxl/config/devices/disk.h"
#include "libxl/json/writer.h"

namespace xl {

int cmd_block_attach(const Globals& g, Io& io, const std::vector<std::string>& args) {
  namespace dev = libxl::config::devices;
  auto first = device_command_args(io, args, "block-attach", 2);
  if (!first) return first.error();
  std::vector<std::string_view> specs(args.begin() + std::ptrdiff_t(*first), args.end());
  auto disk = dev::parse_disk(specs);
  if (!disk) {
    io.err << disk.error().render("command line");
    return 1;
  }
  libxl::json::Writer w;
  dev::write_json(w, *disk);
  return finish_device_command(g, io, "block-attach", "disk", w.str());
}

}  // namespace xl
