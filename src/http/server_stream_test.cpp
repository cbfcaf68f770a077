// Streamed responses (Response::stream, Server-Sent Events) over real sockets: the head without
// Content-Length, pieces written as they are sent, the end when the producer closes, the producer
// told when the client has gone, and a graceful Stop() that ends open streams.
#include <gtest/gtest.h>

#include <mutex>

#include "http/api/stream.hpp"
#include "http/server_test_fixture.hpp"

namespace civic311::http::testing {
namespace {

class StreamTest : public ServerTest {
 protected:
  StreamTest() {
    router_->Add(Method::kGet, "/events", [this](const Request&) {
      Response r;
      r.content_type = "text/event-stream";
      r.stream = std::make_shared<ResponseStream>(64);
      r.stream->Send("retry: 1000\n\n");
      std::lock_guard lock(mu_);
      streams_.push_back(r.stream);
      return r;
    });
  }
  std::shared_ptr<ResponseStream> Latest() {
    std::lock_guard lock(mu_);
    return streams_.empty() ? nullptr : streams_.back();
  }
  std::size_t Count() {
    std::lock_guard lock(mu_);
    return streams_.size();
  }

  std::mutex mu_;
  std::vector<std::shared_ptr<ResponseStream>> streams_;
};

TEST_F(StreamTest, WritesPiecesAsTheyAreSentAndEndsOnClose) {
  StartServer();
  TestClient c(port_);
  ASSERT_TRUE(c.Send(Get("/events")));
  auto head = c.Read();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("content-type"), "text/event-stream");
  EXPECT_FALSE(head->Has("content-length"));
  EXPECT_EQ(head->Header("connection"), "close");
  ASSERT_TRUE(c.ReadUntil("retry: 1000\n\n"));
  ASSERT_TRUE(Eventually([&] { return Count() == 1; }));
  auto s = Latest();
  EXPECT_TRUE(s->Send("data: one\n\n"));
  ASSERT_TRUE(c.ReadUntil("data: one\n\n"));
  EXPECT_TRUE(s->Send("data: two\n\n"));
  ASSERT_TRUE(c.ReadUntil("data: two\n\n"));
  s->Close();
  EXPECT_TRUE(c.WaitClosed());
  EXPECT_FALSE(s->Send("data: late\n\n"));
}

TEST_F(StreamTest, ProducerLearnsTheClientHasGone) {
  StartServer();
  {
    TestClient c(port_);
    ASSERT_TRUE(c.Send(Get("/events")));
    ASSERT_TRUE(c.Read());
    ASSERT_TRUE(c.ReadUntil("retry"));
  }
  ASSERT_TRUE(Eventually([&] { return Count() == 1; }));
  auto s = Latest();
  // The first write after the close may still be accepted by the kernel; later ones fail.
  EXPECT_TRUE(Eventually([&] { return !s->Send("data: ping\n\n"); }));
  EXPECT_FALSE(s->open());
}

TEST_F(StreamTest, TooSlowAClientIsCutOffNotBuffered) {
  auto s = std::make_shared<ResponseStream>(16);
  EXPECT_TRUE(s->Send("0123456789"));
  EXPECT_FALSE(s->Send("0123456789"));  // 20 bytes would wait: cut off
  EXPECT_FALSE(s->open());
  std::string out;
  EXPECT_FALSE(s->Take(&out));
  EXPECT_TRUE(out.empty());
}

TEST_F(StreamTest, StopEndsOpenStreams) {
  StartServer();
  TestClient c(port_);
  ASSERT_TRUE(c.Send(Get("/events")));
  ASSERT_TRUE(c.Read());
  ASSERT_TRUE(c.ReadUntil("retry"));
  server_->Stop();
  EXPECT_TRUE(c.WaitClosed());
  server_.reset();
}

}  // namespace
}  // namespace civic311::http::testing
