#pragma once
// Large buffers (a report's rows and body: tens of MB) and page faults.
// Writing fresh memory faults once per 4 KiB page; on virtual machines a
// fault can cost tens of microseconds, so 40 MB of fresh memory can take
// longer to touch than to fill. Transparent huge pages cut that to one fault
// per 2 MiB. Thread-safe.
#include <cstddef>

namespace switchyard {

// Buffers at least this large are worth advising.
inline constexpr size_t kHugePageBytes = size_t{2} << 20;

// Asks the kernel to back the whole 2 MiB pages inside [p, p + bytes) with
// transparent huge pages (Linux madvise MADV_HUGEPAGE, honoured when THP is
// "always" or "madvise"); call it before the buffer is first written. A hint
// only: nothing happens elsewhere or when refused.
void advise_huge_pages(void* p, size_t bytes);

}  // namespace switchyard
