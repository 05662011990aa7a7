// Id terms: the unique-id term of a document, hashed when the id is too long for a Xapian term.
#include "pt/schema.h"

#include "pt/hash.h"
#include "pt/utf8.h"

namespace pt::schema {

std::string id_term(std::string_view id) {
  std::string term(kIdPrefix);
  if (kIdPrefix.size() + id.size() <= kMaxTermBytes) {
    term += id;
    return term;
  }
  // A readable head, a byte no path holds, then the hash of the whole id: stays unique and < 245 bytes.
  term += id.substr(0, utf8::safe_prefix(id, 200));
  term += '\x01';
  term += to_hex(hash64(id));
  return term;
}

}  // namespace pt::schema
