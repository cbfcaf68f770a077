// Streaming writers for Open311 documents: JsonWriter and XmlWriter share one interface, so each
// renderer is written once as a template over the writer and yields both formats. They append to
// a caller-owned string (reserve it first), and never build a tree.
//
// How the GeoReport v2 shapes map (https://wiki.open311.org/GeoReport_v2/#format-support):
//   call                     JSON                         XML
//   BeginRootList(r, i)      [                            <?xml …?><r>
//   BeginItem()              {                            <i>
//   BeginRootObject(r)       {                            <?xml …?><r>
//   BeginObject(n)           "n":{                        <n>
//   BeginList(n, i)          "n":[                        <n>      (items: BeginItem / ListString)
//   ListString(v)            "v"                          <i>v</i>
//   String(n, v)             "n":"v"                      <n>v</n>
//   Url(n, v)                "n":"v" / null when empty    <n>v</n> / <n></n>
//   Id(n, 7)                 "n":"7"  (ids are strings)   <n>7</n>
//   Integer(n, 7)            "n":7                        <n>7</n>
//   Bool(n, b)               "n":true                     <n>true</n>
//   Number(n, nullopt)       "n":null                     <n></n>
//   Time(n, t)               "n":"2026-…Z" / null         <n>2026-…Z</n> / <n></n>
// Element and key names must be string literals (they are kept as string_views and not
// escaped). Nesting is at most kMaxDepth. Thread-safety: one writer per thread.
#pragma once

#include <array>
#include <cassert>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/open311/format.hpp"
#include "adapters/open311/wire_text.hpp"

namespace civic311::open311 {

inline constexpr int kMaxDepth = 12;

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void BeginRootList(std::string_view, std::string_view) { Open('['); }
  void EndRootList() { Close(']'); }
  void BeginRootObject(std::string_view) { Open('{'); }
  void EndRootObject() { Close('}'); }
  void BeginItem() {
    Sep();
    Open('{');
  }
  void EndItem() { Close('}'); }
  void BeginObject(std::string_view name) {
    Key(name);
    Open('{');
  }
  void EndObject() { Close('}'); }
  void BeginList(std::string_view name, std::string_view) {
    Key(name);
    Open('[');
  }
  void EndList() { Close(']'); }
  void ListString(std::string_view v) {
    Sep();
    AppendJsonString(out_, v);
  }
  void String(std::string_view name, std::string_view v) {
    Key(name);
    AppendJsonString(out_, v);
  }
  // An optional URL: "" is not a URI (the official schemas check format "uri"), so an absent
  // one is null.
  void Url(std::string_view name, std::string_view v) {
    Key(name);
    if (v.empty()) {
      out_ += "null";
    } else {
      AppendJsonString(out_, v);
    }
  }
  void Id(std::string_view name, std::int64_t id) {
    Key(name);
    out_ += '"';
    AppendInt(out_, id);
    out_ += '"';
  }
  void Integer(std::string_view name, std::int64_t v) {
    Key(name);
    AppendInt(out_, v);
  }
  void Bool(std::string_view name, bool v) {
    Key(name);
    out_ += v ? "true" : "false";
  }
  void Number(std::string_view name, std::optional<double> v) {
    Key(name);
    if (v) {
      AppendDouble(out_, *v);
    } else {
      out_ += "null";
    }
  }
  void Time(std::string_view name, std::optional<Timestamp> t) {
    Key(name);
    if (t) {
      out_ += '"';
      AppendUtc(out_, *t);
      out_ += '"';
    } else {
      out_ += "null";
    }
  }

 private:
  void Key(std::string_view name) {
    Sep();
    out_ += '"';
    out_ += name;
    out_ += "\":";
  }
  void Sep() {
    if (first_[depth_]) {
      first_[depth_] = false;
    } else {
      out_ += ',';
    }
  }
  void Open(char c) {
    out_ += c;
    assert(depth_ + 1 < kMaxDepth);
    first_[++depth_] = true;
  }
  void Close(char c) {
    --depth_;
    out_ += c;
  }

  std::string& out_;
  int depth_ = 0;
  std::array<bool, kMaxDepth> first_{true};
};

class XmlWriter {
 public:
  explicit XmlWriter(std::string& out) : out_(out) {}

  void BeginRootList(std::string_view root, std::string_view item) {
    Declaration();
    Push(root, item);
  }
  void EndRootList() { Pop(); }
  void BeginRootObject(std::string_view root) {
    Declaration();
    Push(root, {});
  }
  void EndRootObject() { Pop(); }
  void BeginItem() { Push(stack_[depth_ - 1].item, {}); }
  void EndItem() { Pop(); }
  void BeginObject(std::string_view name) { Push(name, {}); }
  void EndObject() { Pop(); }
  void BeginList(std::string_view name, std::string_view item) { Push(name, item); }
  void EndList() { Pop(); }
  void ListString(std::string_view v) { String(stack_[depth_ - 1].item, v); }
  void String(std::string_view name, std::string_view v) {
    OpenTag(name);
    AppendXmlText(out_, v);
    CloseTag(name);
  }
  void Url(std::string_view name, std::string_view v) { String(name, v); }
  void Id(std::string_view name, std::int64_t id) { Integer(name, id); }
  void Integer(std::string_view name, std::int64_t v) {
    OpenTag(name);
    AppendInt(out_, v);
    CloseTag(name);
  }
  void Bool(std::string_view name, bool v) {
    OpenTag(name);
    out_ += v ? "true" : "false";
    CloseTag(name);
  }
  void Number(std::string_view name, std::optional<double> v) {
    OpenTag(name);
    if (v) AppendDouble(out_, *v);
    CloseTag(name);
  }
  void Time(std::string_view name, std::optional<Timestamp> t) {
    OpenTag(name);
    if (t) AppendUtc(out_, *t);
    CloseTag(name);
  }

 private:
  struct Level {
    std::string_view name;
    std::string_view item;
  };
  void Declaration() { out_ += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"; }
  void OpenTag(std::string_view name) {
    out_ += '<';
    out_ += name;
    out_ += '>';
  }
  void CloseTag(std::string_view name) {
    out_ += "</";
    out_ += name;
    out_ += '>';
  }
  void Push(std::string_view name, std::string_view item) {
    OpenTag(name);
    assert(depth_ < kMaxDepth);
    stack_[depth_++] = {name, item};
  }
  void Pop() {
    CloseTag(stack_[--depth_].name);
    if (depth_ == 0) out_ += '\n';
  }

  std::string& out_;
  int depth_ = 0;
  std::array<Level, kMaxDepth> stack_{};
};

// Runs body(writer) with the writer for format f: body is a generic lambda, instantiated for
// both writers.
template <class Body>
void WithWriter(Format f, std::string& out, Body&& body) {
  if (f == Format::kXml) {
    XmlWriter w(out);
    body(w);
  } else {
    JsonWriter w(out);
    body(w);
  }
}

}  // namespace civic311::open311
