// Crash-isolated plugin loading (np/plugins.hpp): every load sequence runs first in a forked
// child that reports, through a pipe, each file it is about to open. A child that dies (signal,
// exit from a plugin, a hang cut off at the probe's deadline) names its culprit; the culprit is
// recorded as crashed and the sequence is retried without it. Survivors are then loaded in this
// process.
//
// The child never returns into the caller: it ends with _exit. Call these before the process
// starts threads (fork copies only the calling thread).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "np/plugins.hpp"
#include "np/registry.hpp"
#include "plugins/plugin_loader_internal.hpp"
#include "util/logging.hpp"

namespace np::plugins {

namespace {

constexpr unsigned kProbeSeconds = 60;  // a plugin whose init takes longer counts as hung

void write_all(int fd, const std::string& text) {
  const char* p = text.data();
  size_t left = text.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    p += n;
    left -= static_cast<size_t>(n);
  }
}

struct ChildResult {
  bool clean = false;       // reached the end and exited 0
  std::string output;       // everything the child wrote
  std::string termination;  // how it ended, in words, when not clean
};

// One read from `fd` appended to `output` (EINTR retried): the byte count, 0 at EOF, < 0 on error.
ssize_t read_into(int fd, std::string& output) {
  char buf[4096];
  ssize_t n = 0;
  do {
    n = ::read(fd, buf, sizeof buf);
  } while (n < 0 && errno == EINTR);
  if (n > 0) output.append(buf, static_cast<size_t>(n));
  return n;
}

// Reads from `fd` into `output` until `child` has exited (then drains what is already buffered)
// or `deadline` passes. EOF is not awaited: a process the child forked may keep the write end
// open for as long as it lives. Returns the child's wait status, or nullopt on timeout.
std::optional<int> collect_until_exit(int fd, pid_t child, std::string& output,
                                      std::chrono::steady_clock::time_point deadline) {
  bool open = true;
  while (true) {
    siginfo_t info{};
    // WNOWAIT: the child stays a zombie, so its pid (the group's id) cannot be reused before
    // the group is signalled.
    if (::waitid(P_PID, static_cast<id_t>(child), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
        info.si_pid == child) {
      // Everything the child wrote before it exited is in the pipe buffer: stop its group (the
      // writers it may have left), then drain without blocking, still within the deadline.
      ::kill(-child, SIGKILL);
      int status = 0;
      while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
      }
      ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
      while (open && std::chrono::steady_clock::now() < deadline && read_into(fd, output) > 0) {
      }
      return status;
    }
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return std::nullopt;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
    if (!open) {
      ::usleep(10000);  // the pipe is closed; only the exit is awaited
      continue;
    }
    pollfd p{fd, POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left, 50)));
    if (ready <= 0) continue;  // timeout slice or EINTR: check the child again
    if (read_into(fd, output) <= 0) open = false;
  }
}

std::string describe_termination(int status) {
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    return "crashed: signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  if (WIFEXITED(status)) {
    return "ended the process (exit status " + std::to_string(WEXITSTATUS(status)) + ")";
  }
  return "ended the process abnormally";
}

// Runs `body(fd)` in a child with stdout/stderr untouched and the logger silenced. The child
// leads a process group of its own; whatever it forked is killed with the group when the probe
// ends, and the whole probe (child and everything it started) is bounded by kProbeSeconds.
template <class Body>
ChildResult run_in_child(Body body) {
  ChildResult result;
  int fds[2];
  if (::pipe(fds) != 0) {
    result.termination = std::string("cannot create a pipe: ") + std::strerror(errno);
    return result;
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    result.termination = std::string("cannot fork: ") + std::strerror(errno);
    return result;
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    ::close(fds[0]);
    core_logger().set_level(spdlog::level::off);
    int code = 0;
    try {
      body(fds[1]);
      write_all(fds[1], "END\n");
    } catch (...) {
      code = 3;
    }
    ::close(fds[1]);
    ::_exit(code);
  }
  ::setpgid(pid, pid);  // also here: the group must exist before the parent may signal it
  ::close(fds[1]);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kProbeSeconds);
  std::optional<int> status = collect_until_exit(fds[0], pid, result.output, deadline);
  ::close(fds[0]);
  if (!status) {
    ::kill(-pid, SIGKILL);  // the hung child and everything it started
    int ignored = 0;
    while (::waitpid(pid, &ignored, 0) < 0 && errno == EINTR) {
    }
    result.termination = "hung (no answer within " + std::to_string(kProbeSeconds) + " s)";
    return result;
  }
  bool ended =
      result.output.size() >= 4 && result.output.compare(result.output.size() - 4, 4, "END\n") == 0;
  if (WIFEXITED(*status) && WEXITSTATUS(*status) == 0 && ended) {
    result.clean = true;
  } else {
    result.termination = describe_termination(*status);
  }
  return result;
}

// The last "OPEN <path>" line of a child's output: the file it was working on.
std::string last_opened(const std::string& output) {
  std::string last;
  size_t pos = 0;
  while (pos < output.size()) {
    size_t nl = output.find('\n', pos);
    if (nl == std::string::npos) nl = output.size();
    std::string_view line(output.data() + pos, nl - pos);
    if (line.substr(0, 5) == "OPEN ") last = std::string(line.substr(5));
    pos = nl + 1;
  }
  return last;
}

PluginRecord crashed_record(const std::string& path, const std::string& how) {
  PluginRecord r;
  r.path = path;
  r.status = PluginStatus::Failed;
  r.reason = "the plugin " + how + " while loading; isolated in a child process";
  core_logger().warn("plugin {} not loaded: {}", r.path, r.reason);
  return r;
}

nlohmann::json to_json(const PluginRecord& r) {
  nlohmann::json loops = nlohmann::json::array();
  for (const auto& l : r.loops)
    loops.push_back({l.ufunc, l.signature, l.target});
  return {{"path", r.path},
          {"name", r.name},
          {"version", r.version},
          {"family", r.family},
          {"description", r.description},
          {"license", r.license},
          {"loaded", r.status == PluginStatus::Loaded},
          {"reason", r.reason},
          {"dtypes", r.dtypes},
          {"ufuncs", r.ufuncs},
          {"functions", r.functions},
          {"loops", loops},
          {"abi", {r.abi_major, r.abi_minor}}};
}

PluginRecord from_json(const nlohmann::json& j) {
  PluginRecord r;
  r.path = j.at("path");
  r.name = j.at("name");
  r.version = j.at("version");
  r.family = j.at("family");
  r.description = j.at("description");
  r.license = j.at("license");
  r.status = j.at("loaded").get<bool>() ? PluginStatus::Loaded : PluginStatus::Failed;
  r.reason = j.at("reason");
  r.dtypes = j.at("dtypes").get<std::vector<std::string>>();
  r.ufuncs = j.at("ufuncs").get<std::vector<std::string>>();
  r.functions = j.at("functions").get<std::vector<std::string>>();
  for (const auto& l : j.at("loops"))
    r.loops.push_back({l.at(0), l.at(1), l.at(2)});
  r.abi_major = j.at("abi").at(0);
  r.abi_minor = j.at("abi").at(1);
  return r;
}

}  // namespace

std::vector<PluginRecord> load_path_isolated(Registry& registry,
                                             const std::vector<std::string>& entries) {
  std::vector<PluginRecord> rejected;
  std::vector<std::string> files = candidates(entries, &rejected);
  std::vector<PluginRecord> crashed;
  // Each round removes one culprit, so at most files.size() + 1 rounds.
  for (size_t round = 0; round <= files.size(); ++round) {
    ChildResult child = run_in_child([&files](int fd) {
      Registry scratch;
      register_core_functions(scratch);
      detail::load_files_observed(
          scratch, files, [fd](const std::string& path) { write_all(fd, "OPEN " + path + "\n"); });
    });
    if (child.clean) break;
    std::string culprit = last_opened(child.output);
    auto it = std::find(files.begin(), files.end(), culprit);
    if (culprit.empty() || it == files.end()) {
      // The child died outside any plugin's load: isolation gives no answer, so load nothing.
      for (const auto& f : files)
        crashed.push_back(crashed_record(f, child.termination));
      files.clear();
      break;
    }
    crashed.push_back(crashed_record(culprit, child.termination));
    files.erase(it);
  }
  std::vector<PluginRecord> out = load_files(registry, files);
  out.insert(out.end(), crashed.begin(), crashed.end());
  out.insert(out.end(), rejected.begin(), rejected.end());
  return out;
}

PluginRecord check_file_isolated(const std::string& path) {
  ChildResult child = run_in_child([&path](int fd) {
    write_all(fd, "OPEN " + path + "\n");
    write_all(fd, "RECORD " + to_json(check_file(path)).dump() + "\n");
  });
  if (!child.clean) return crashed_record(path, child.termination);
  size_t at = child.output.find("RECORD ");
  size_t end = child.output.find('\n', at);
  try {
    return from_json(nlohmann::json::parse(child.output.substr(at + 7, end - at - 7)));
  } catch (const std::exception& e) {
    return crashed_record(path, std::string("garbled its report (") + e.what() + ")");
  }
}

}  // namespace np::plugins
