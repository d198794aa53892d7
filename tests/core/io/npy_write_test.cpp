// Output files (core/io/file_io.cpp through save_npy and savez): an existing file is replaced
// atomically or left exactly as it was, every write and the close are checked, special files are
// never replaced, and a mapped input keeps its old content when its path is written.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>
#include <vector>

#include "np/creation.hpp"
#include "np/errors.hpp"
#include "np/io.hpp"

namespace np {
namespace {

namespace fs = std::filesystem;

// A fresh empty directory per test, removed afterwards.
class OutputFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = std::string(::testing::TempDir()) + "np_io_write_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::set<std::string> entries() const {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_))
      names.insert(e.path().filename().string());
    return names;
  }

  fs::path dir_;
};

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

Array filled(int64_t n, double value) {
  return full({n}, Scalar(value));
}

// Every element of a loaded float64 vector, which must all be one value; returns it.
double single_value(const Array& a) {
  double first = a.at<double>({0});
  for (int64_t i = 1; i < a.size(); ++i) {
    if (a.at<double>({i}) != first) ADD_FAILURE() << "element " << i << " differs";
  }
  return first;
}

TEST_F(OutputFiles, ReplacesTheOldFileWithoutLeavingTemporaries) {
  std::string p = path("a.npy");
  save_npy(p, filled(1000, 1.0));
  save_npy(p, filled(3, 2.0));
  Array back = load_npy(p);
  EXPECT_EQ(back.shape(), (Shape{3}));
  EXPECT_EQ(single_value(back), 2.0);
  EXPECT_EQ(entries(), (std::set<std::string>{"a.npy"}));
}

TEST_F(OutputFiles, NewFilesGetTheUmaskModeAndOldFilesKeepTheirs) {
  mode_t old_mask = ::umask(027);
  save_npy(path("new.npy"), filled(2, 0.0));
  ::umask(old_mask);
  struct stat st {};
  ASSERT_EQ(::stat(path("new.npy").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);  // 0666 & ~027, as open(2) would give
  ASSERT_EQ(::chmod(path("new.npy").c_str(), 0604), 0);
  save_npy(path("new.npy"), filled(2, 1.0));
  ASSERT_EQ(::stat(path("new.npy").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0604u);
}

TEST_F(OutputFiles, WritesThroughASymlinkToItsTarget) {
  save_npy(path("target.npy"), filled(2, 0.0));
  fs::create_symlink(path("target.npy"), path("link.npy"));
  save_npy(path("link.npy"), filled(4, 5.0));
  EXPECT_TRUE(fs::is_symlink(path("link.npy")));
  EXPECT_EQ(load_npy(path("target.npy")).size(), 4);
  EXPECT_EQ(entries(), (std::set<std::string>{"link.npy", "target.npy"}));
}

TEST_F(OutputFiles, DiskFullIsAnOSErrorAndDevNullWorks) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  std::set<std::string> dev_before;
  for (const auto& e : fs::directory_iterator("/dev"))
    dev_before.insert(e.path().string());
  try {
    save_npy("/dev/full", filled(4, 1.0));
    ADD_FAILURE() << "writing /dev/full succeeded";
  } catch (const OSError& e) {
    EXPECT_NE(std::string(e.what()).find("[Errno 28]"), std::string::npos) << e.what();
  }
  EXPECT_THROW(savez("/dev/full", {{"x", filled(4, 1.0)}}), OSError);
  EXPECT_TRUE(fs::is_character_file("/dev/full"));  // never replaced by a regular file
  std::set<std::string> dev_after;
  for (const auto& e : fs::directory_iterator("/dev"))
    dev_after.insert(e.path().string());
  EXPECT_EQ(dev_before, dev_after);  // no temporary file next to it
  EXPECT_NO_THROW(save_npy("/dev/null", filled(4, 1.0)));
  EXPECT_NO_THROW(savez("/dev/null", {{"x", filled(4, 1.0)}}));
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

// In a child (setrlimit is process-wide): writes a file over the size limit to `target`. Returns
// the child's exit status: 0 when the write raised OSError EFBIG, 1 otherwise.
int write_over_size_limit(const std::string& target, bool npz) {
  pid_t pid = ::fork();
  if (pid == 0) {
    ::signal(SIGXFSZ, SIG_IGN);  // write(2) then fails with EFBIG instead of killing the child
    struct rlimit lim {
      4096, 4096
    };
    ::setrlimit(RLIMIT_FSIZE, &lim);
    try {
      if (npz) {
        savez(target, {{"big", filled(100000, 3.0)}});
      } else {
        save_npy(target, filled(100000, 3.0));
      }
    } catch (const OSError& e) {
      ::_exit(std::string(e.what()).find("[Errno 27]") != std::string::npos ? 0 : 1);
    } catch (...) {
      ::_exit(1);
    }
    ::_exit(1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST_F(OutputFiles, FileSizeLimitLeavesTheOldFileIntact) {
  for (bool npz : {false, true}) {
    std::string p = path(npz ? "old.npz" : "old.npy");
    if (npz) {
      savez(p, {{"x", filled(10, 7.0)}});
    } else {
      save_npy(p, filled(10, 7.0));
    }
    std::string before = read_file(p);
    EXPECT_EQ(write_over_size_limit(p, npz), 0);
    EXPECT_EQ(read_file(p), before);
    EXPECT_EQ(entries().count(fs::path(p).filename().string()), 1u);
  }
  EXPECT_EQ(entries(), (std::set<std::string>{"old.npy", "old.npz"}));
}

TEST_F(OutputFiles, ConcurrentWritersLeaveOneWholeFile) {
  std::string p = path("shared.npy");
  save_npy(p, filled(1 << 15, -1.0));
  constexpr int kWriters = 4;
  std::atomic<bool> stop{false};
  std::atomic<int> torn{0};
  // A reader sees some writer's complete file at every moment, never a mix or a short file.
  std::thread reader([&] {
    while (!stop) {
      try {
        Array a = load_npy(p);
        if (a.size() != (1 << 15) || a.at<double>({a.size() - 1}) != a.at<double>({0})) ++torn;
      } catch (const Error&) {
        ++torn;  // a short or half-written file
      }
    }
  });
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int round = 0; round < 20; ++round)
        save_npy(p, filled(1 << 15, w));
    });
  }
  for (auto& t : writers)
    t.join();
  stop = true;
  reader.join();
  EXPECT_EQ(torn, 0);
  double v = single_value(load_npy(p));
  EXPECT_TRUE(v >= 0 && v < kWriters);
  EXPECT_EQ(entries(), (std::set<std::string>{"shared.npy"}));
}

TEST_F(OutputFiles, WritingOverAMappedInputKeepsTheMappingValid) {
  std::string p = path("x.dat");
  save_npy(p, filled(1 << 16, 4.0));
  Array mapped = load_npy(p, MmapMode::ReadOnly);
  save_npy(p, filled(1, 9.0));  // in place, this truncated the mapped file: SIGBUS below
  EXPECT_EQ(mapped.at<double>({(1 << 16) - 1}), 4.0);
  EXPECT_EQ(single_value(mapped), 4.0);
  EXPECT_EQ(single_value(load_npy(p)), 9.0);
  // The mapped array itself written over its own file.
  Array again = load_npy(p, MmapMode::ReadOnly);
  save_npy(p, again);
  EXPECT_EQ(single_value(load_npy(p)), 9.0);
}

TEST_F(OutputFiles, SpecialAndMissingTargetsAreClearErrors) {
  std::string fifo = path("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THROW(save_npy(fifo, filled(1, 0.0)), OSError);  // no reader: ENXIO, never blocks
  EXPECT_THROW(savez(fifo, {{"x", filled(1, 0.0)}}), OSError);
  EXPECT_TRUE(fs::is_fifo(fifo));
  fs::create_directory(path("sub"));
  EXPECT_THROW(save_npy(path("sub"), filled(1, 0.0)), OSError);
  EXPECT_THROW(save_npy(path("missing/x.npy"), filled(1, 0.0)), OSError);
  EXPECT_THROW(save_npy("", filled(1, 0.0)), OSError);
  EXPECT_EQ(entries(), (std::set<std::string>{"fifo", "sub"}));
}

TEST_F(OutputFiles, SavezReplacesAtomicallyAndWritesEmptyArchives) {
  std::string p = path("a.npz");
  savez(p, {{"x", filled(5, 1.0)}, {"y", filled(2, 2.0)}}, true);
  savez(p, {{"z", filled(3, 3.0)}});
  NamedArrays back = load_npz(p);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].first, "z");
  EXPECT_EQ(single_value(back[0].second), 3.0);
  savez(p, {});
  EXPECT_EQ(read_file(p).size(), 22u);  // the end-of-central-directory record NumPy writes
  EXPECT_TRUE(load_npz(p).empty());
  EXPECT_EQ(entries(), (std::set<std::string>{"a.npz"}));
}

}  // namespace
}  // namespace np
