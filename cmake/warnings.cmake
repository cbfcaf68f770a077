# Warnings for our own targets (not for third-party headers, which come in as SYSTEM).
function(c311_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         -Wno-missing-field-initializers
                         # GCC 12 reports false positives through std::variant at -O2
                         -Wno-maybe-uninitialized)
  if(CIVIC311_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(CIVIC311_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
