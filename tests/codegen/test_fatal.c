/* test_fatal.c — an error LLVM cannot return from (target.c's fatal-error handler): the
 * message names LLVM and the program's fatal hook (base_on_fatal) ends the process, so the
 * nnc command exits 3 with temporaries removed instead of LLVM's bare exit 1. */
#define _POSIX_C_SOURCE 200809L
#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cg.h"
#include "cgtest.h"

static void exit_3(void) {
  _exit(3);
}

/* A host module calling another target's intrinsic: instruction selection cannot lower it
 * ("Cannot select"), which LLVM reports through report_fatal_error. */
static void compile_unselectable(void) {
  LLVMTargetMachineRef tm;
  cr_assert_eq(cg_target_init(), NNC_OK);
  cr_assert_eq(cg_target_machine(&tm), NNC_OK);
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMModuleRef mod = LLVMModuleCreateWithNameInContext("fatal", ctx);
  cg_module_for_target(mod, tm);
  LLVMTypeRef i32 = LLVMInt32TypeInContext(ctx);
  LLVMTypeRef fty = LLVMFunctionType(i32, NULL, 0, false);
  LLVMValueRef id = LLVMAddFunction(mod, "llvm.amdgcn.workitem.id.x", fty);
  LLVMValueRef f = LLVMAddFunction(mod, "f", fty);
  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(ctx, f, "entry"));
  LLVMBuildRet(b, LLVMBuildCall2(b, fty, id, NULL, 0, "id"));
  LLVMMemoryBufferRef out;
  char *err = NULL;
  LLVMTargetMachineEmitToMemoryBuffer(tm, mod, LLVMAssemblyFile, &err, &out);
}

Test(codegen, an_llvm_fatal_error_names_llvm_and_ends_through_the_fatal_hook) {
  char path[] = "/tmp/nnc-fatal-XXXXXX";
  int fd = mkstemp(path);
  cr_assert_geq(fd, 0);
  fflush(NULL);
  pid_t pid = fork();
  cr_assert_geq(pid, 0);
  if (pid == 0) { /* LLVM ends this process: its stderr goes to the file */
    dup2(fd, STDERR_FILENO);
    base_on_fatal(exit_3);
    compile_unselectable();
    _exit(0);
  }
  int st;
  cr_assert_eq(waitpid(pid, &st, 0), pid);
  char msg[4096] = "";
  ssize_t n = pread(fd, msg, sizeof msg - 1, 0);
  msg[n > 0 ? n : 0] = 0;
  close(fd);
  unlink(path);
  cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 3, "status %d: %s", st, msg);
  cr_expect(strstr(msg, "nnc: fatal error in LLVM: Cannot select"), "%s", msg);
}
