#pragma once

#include <QByteArray>

#include "sandboxmessage.h"

namespace Liaison {

// A misbehaviour the sandbox applies to the next matching request instead of (or before)
// the normal handler. Queued with SandboxHttpServer::injectFault.
struct SandboxFault
{
    enum class Kind {
        Delay,        // wait delayMs, then answer normally
        Drop,         // close the connection without answering
        DropMidBody,  // send the real answer's headers (full Content-Length), half its body, close
        Hang,         // never answer; the connection stays open until the client or server closes it
        Raw,          // write these bytes verbatim, then close
        Respond,      // answer with `response` instead of the handler (503 then 200 ...)
    };

    Kind kind = Kind::Delay;
    int delayMs = 0;
    QByteArray raw;
    SandboxResponse response;

    static SandboxFault delay(int ms) { return {Kind::Delay, ms, {}, {}}; }
    static SandboxFault drop() { return {Kind::Drop, 0, {}, {}}; }
    static SandboxFault dropMidBody() { return {Kind::DropMidBody, 0, {}, {}}; }
    static SandboxFault hang() { return {Kind::Hang, 0, {}, {}}; }
    static SandboxFault rawBytes(const QByteArray &bytes) { return {Kind::Raw, 0, bytes, {}}; }
    static SandboxFault respond(const SandboxResponse &r) { return {Kind::Respond, 0, {}, r}; }
};

} // namespace Liaison
