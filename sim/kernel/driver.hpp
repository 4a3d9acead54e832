#pragma once
// The driver inside a real host's namespace (netns.hpp): it reads Requests from the control socket and
// runs each socket call in a thread of its own, so a blocked accept() or recv() holds up nothing else;
// each call's end goes back as a Reply. Returns when the parent closes the control socket.
namespace tcpsim::kernel {

void run_driver(int control);

}  // namespace tcpsim::kernel
