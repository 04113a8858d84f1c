// The library's only bootstrap path: a PMIx client. Works under Gyre's
// mpirun, any other PMIx server (Open MPI's mpirun/prterun, Slurm
// srun --mpi=pmix), and alone as a singleton (a world of one).
#pragma once
#include <memory>
#include <string>

#include "runtime/error.h"
#include "runtime/pmix/identity.h"
#include "runtime/pmix/modex.h"

namespace gyre {

class PmixClient : public Modex {
 public:
  // Connects to the PMIx server named in the environment; a process started
  // without one (or whose server is unreachable) becomes a singleton.
  static std::unique_ptr<PmixClient> connect(Error* error);
  ~PmixClient() override;

  const ProcessIdentity& identity() const { return identity_; }
  bool singleton() const { return identity_.singleton; }

  // Modex
  Error put(const std::string& key, const std::vector<std::byte>& value) override;
  Error exchange() override;
  std::optional<std::vector<std::byte>> get(int world_rank, const std::string& key) override;

  // A job-wide barrier without data.
  Error fence();
  [[noreturn]] void abort(int code, const std::string& message);
  // Orderly disconnect (MPI_Finalize).
  void finalize();

 private:
  PmixClient() = default;
  Error load_identity();

  ProcessIdentity identity_;
  bool connected_ = false;
};

}  // namespace gyre
