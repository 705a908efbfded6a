/* ranks.c — the command as one rank of a data-parallel job (mpirun -np N nnc run FILE).
 *
 * A launcher says how many processes it started in the environment (Open MPI's
 * OMPI_COMM_WORLD_SIZE; PMI_SIZE from MPICH's hydra and Slurm's srun). With more than one,
 * nnc joins the job (nnc_distributed_init), so every fit in the file trains data-parallel;
 * a build without MPI says so and exits, rather than running N copies that each train alone.
 * Every rank runs the whole model file; rank 0 alone is heard: the others send stdout and
 * the log (epoch lines, warnings) to nowhere, and their files to /dev/null (formats'
 * outfile.c), but their errors still reach stderr. A rank that fails ends the job with
 * MPI_Abort after its message, since the others may be waiting for it in a collective;
 * the launcher then stops them and prints its own notice of the abort.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>

#include "cli.h"

static int launched(void) {
  static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"};
  for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
    const char *v = getenv(vars[i]);
    if (v && atoi(v) > 1)
      return atoi(v);
  }
  return 1;
}

static void silent(nnc_log_level level, const char *line, void *user) {
  (void)level, (void)line, (void)user;
}

int cli_ranks_init(void) {
  int n = launched();
  if (n <= 1)
    return 0;
  /* A rank waiting in a collective yields its core instead of spinning (unless the user
   * chose otherwise): on a machine with more runnable processes than cores, a spinning rank
   * keeps the one it waits for off the core, and an epoch of Task M on 2 ranks here took 24
   * times as long (9.5 s against 0.40 s for 200 steps). */
  setenv("OMPI_MCA_mpi_yield_when_idle", "1", 0);
  if (nnc_distributed_init(NULL) != NNC_OK) {
    fprintf(stderr, "nnc: started as one of %d processes (mpirun or srun), but %s\n", n,
            nnc_last_error());
    return EXIT_USAGE;
  }
  if (nnc_distributed_rank() != 0) {
    if (!freopen("/dev/null", "w", stdout))
      fprintf(stderr, "nnc: rank %d: cannot silence stdout\n", nnc_distributed_rank());
    nnc_set_log(silent, NULL);
  }
  return 0;
}

int cli_ranks_exit(int code) {
  if (nnc_distributed_size() > 1 && code != 0) {
    fprintf(stderr, "nnc: rank %d of %d failed (exit status %d): ending the job\n",
            nnc_distributed_rank(), nnc_distributed_size(), code);
    fflush(stdout);
    nnc_distributed_abort(code);
  }
  nnc_distributed_finalize();
  return code;
}
