// Loading libicuuc with dlopen and resolving the C functions of pt/icu.h.
#include "pt/icu.h"

#include <dlfcn.h>
#include <unicode/uversion.h>

#include <atomic>

#include "pt/error.h"

// ICU renames each C function with its major version ("u_isalpha" is "u_isalpha_72"); the header's
// macros do it, so stringifying after expansion gives the exported name.
#define PT_ICU_STRING_(x) #x
#define PT_ICU_STRING(x) PT_ICU_STRING_(x)

namespace pt::icu {
namespace {

std::atomic<bool> g_loaded{false};

template <typename F>
void resolve(void* handle, const std::string& file, F& slot, const char* name) {
  dlerror();
  void* symbol = dlsym(handle, name);
  if (!symbol) {
    const char* why = dlerror();
    throw AnalysisError("ICU (" + file + ") lacks " + name + (why ? std::string(": ") + why : std::string()));
  }
  slot = reinterpret_cast<F>(symbol);
}

}  // namespace

Functions open_library(const std::string& file) {
  // RTLD_LOCAL: ICU's symbols stay out of the global namespace; nothing else resolves against them.
  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    throw AnalysisError("cannot load ICU (" + file + ", needed for non-ASCII text): " + (why ? why : "dlopen failed") +
                        "; install the libicu" + PT_ICU_STRING(U_ICU_VERSION_MAJOR_NUM) + " package");
  }
  Functions f{};
  try {
    resolve(handle, file, f.char_type, PT_ICU_STRING(u_charType));
    resolve(handle, file, f.is_alpha, PT_ICU_STRING(u_isalpha));
    resolve(handle, file, f.is_upper, PT_ICU_STRING(u_isupper));
    resolve(handle, file, f.is_lower, PT_ICU_STRING(u_islower));
    resolve(handle, file, f.is_title, PT_ICU_STRING(u_istitle));
    resolve(handle, file, f.is_digit, PT_ICU_STRING(u_isdigit));
    resolve(handle, file, f.error_name, PT_ICU_STRING(u_errorName));
    resolve(handle, file, f.nfkc_casefold, PT_ICU_STRING(unorm2_getNFKCCasefoldInstance));
    resolve(handle, file, f.nfd, PT_ICU_STRING(unorm2_getNFDInstance));
    resolve(handle, file, f.normalize, PT_ICU_STRING(unorm2_normalize));
    resolve(handle, file, f.span_quick_check_yes, PT_ICU_STRING(unorm2_spanQuickCheckYes));
    resolve(handle, file, f.has_boundary_before, PT_ICU_STRING(unorm2_hasBoundaryBefore));
    resolve(handle, file, f.break_open, PT_ICU_STRING(ubrk_open));
    resolve(handle, file, f.break_close, PT_ICU_STRING(ubrk_close));
    resolve(handle, file, f.break_set_text, PT_ICU_STRING(ubrk_setText));
    resolve(handle, file, f.break_first, PT_ICU_STRING(ubrk_first));
    resolve(handle, file, f.break_next, PT_ICU_STRING(ubrk_next));
    resolve(handle, file, f.break_rule_status, PT_ICU_STRING(ubrk_getRuleStatus));
    resolve(handle, file, f.iso_countries, PT_ICU_STRING(uloc_getISOCountries));
    resolve(handle, file, f.display_country, PT_ICU_STRING(uloc_getDisplayCountry));
  } catch (...) {
    dlclose(handle);
    throw;
  }
  // The handle is never closed: the functions are used until the process ends.
  return f;
}

std::string library() { return std::string("libicuuc.so.") + PT_ICU_STRING(U_ICU_VERSION_MAJOR_NUM); }

const Functions& load() {
  static const Functions functions = open_library(library());
  g_loaded.store(true, std::memory_order_release);
  return functions;
}

bool loaded() noexcept { return g_loaded.load(std::memory_order_acquire); }

}  // namespace pt::icu
