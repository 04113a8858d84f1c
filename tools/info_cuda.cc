// gyre_info's CUDA look: can the driver library be loaded, and what does it
// report? The same dlopen the CUDA backend will do, so no CUDA at build time.
#include <dlfcn.h>

#include <string>

#include "tools/info_probes.h"

namespace gyre::info {

CudaProbe probe_cuda() {
  CudaProbe p;
  void* lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    const char* e = dlerror();
    p.error = e != nullptr ? e : "libcuda.so.1 not found";
    return p;
  }
  p.driver_found = true;
  // The three driver calls are plain C with int results (CUresult 0 = success).
  using InitFn = int (*)(unsigned);
  using IntOutFn = int (*)(int*);
  auto init = reinterpret_cast<InitFn>(dlsym(lib, "cuInit"));
  auto version = reinterpret_cast<IntOutFn>(dlsym(lib, "cuDriverGetVersion"));
  auto count = reinterpret_cast<IntOutFn>(dlsym(lib, "cuDeviceGetCount"));
  if (version != nullptr && version(&p.driver_version) != 0) p.driver_version = 0;
  if (init == nullptr || count == nullptr) {
    p.error = "libcuda.so.1 lacks cuInit/cuDeviceGetCount";
  } else if (int rc = init(0); rc != 0) {
    p.error = "cuInit failed with CUresult " + std::to_string(rc) + " (no usable GPU, or driver/device mismatch)";
  } else if (count(&p.devices) != 0) {
    p.devices = -1;
    p.error = "cuDeviceGetCount failed";
  }
  // The library stays loaded: unloading the CUDA driver after cuInit is unsafe.
  return p;
}

}  // namespace gyre::info
