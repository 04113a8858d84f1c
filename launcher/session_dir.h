// mpirun's private directory (mkdtemp under $TMPDIR or /tmp): libpmix's
// rendezvous files and the job's PMIX_TMPDIR / PMIX_NSDIR live in it, and it
// is removed with everything in it when mpirun ends, however the job ended.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace gyre::launcher {

class SessionDir {
public:
    // Empty path() on failure.
    SessionDir() {
        const char* base = std::getenv("TMPDIR");
        std::string tmpl = std::string(base && *base ? base : "/tmp") + "/gyre.XXXXXX";
        if (char* made = mkdtemp(tmpl.data())) path_ = made;
    }
    ~SessionDir() {
        if (path_.empty()) return;
        std::error_code ec;  // best effort: nothing to do about a failure at exit
        std::filesystem::remove_all(path_, ec);
    }
    SessionDir(const SessionDir&) = delete;
    SessionDir& operator=(const SessionDir&) = delete;

    const std::string& path() const { return path_; }

private:
    std::string path_;
};

}  // namespace gyre::launcher
