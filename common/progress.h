/* progress.h: --progress on stderr, at most a few updates a second. */
#ifndef DS_PROGRESS_H
#define DS_PROGRESS_H

#include <stdint.h>

/* total_bytes 0 if unknown (a pipe). */
void ds_progress_start(uint64_t total_bytes);
/* Cheap to call per record: looks at the clock every few thousand calls. */
void ds_progress_update(uint64_t records, uint64_t bytes);
void ds_progress_end(void);

#endif
