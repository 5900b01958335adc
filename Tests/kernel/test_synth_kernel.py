"""synth as a Jupyter kernel, checked through jupyter_client against the real binary.

Run by Tests/SynthKernelTests/JupyterKernelTests.swift in the venv that
scripts/lib/kernel-test-venv.sh creates, with:
  JUPYTER_PATH   where `synth kernel install --prefix` put the kernelspec
  SYNTH_HOME     a temporary job store
  the working directory holding penguins.csv (the kernel starts there).
"""

import os
import time
import unittest
import uuid

import jupyter_kernel_test
from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

TIMEOUT = 120


def run_cell(kc, code, timeout=TIMEOUT):
    """Executes code as a headless run does (no stdin); returns (reply content, iopub
    messages of that request)."""
    msg_id = kc.execute(code, allow_stdin=False)
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    outputs = []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
        outputs.append(msg)
    return reply["content"], outputs


class SynthKernelConformance(jupyter_kernel_test.KernelTests):
    """The official conformance suite with synth's samples."""

    kernel_name = "synth"
    language_name = "synth"
    file_extension = ".synth"

    completion_samples = [
        {"text": "desc", "matches": ["describe"]},
        {"text": "help sessi", "matches": ["session"]},
        {"text": "describe pen", "matches": ["penguins"]},
    ]
    complete_code_samples = ["tables", "let answer = 42", 'load "penguins.csv" as penguins', ""]
    incomplete_code_samples = ['load "penguins.csv', "let names = [1, 2", "count \\"]
    invalid_code_samples = ["let = 3", "count )"]

    code_generate_error = "nosuchcommand"
    code_execute_result = [
        {"code": "let answer = 42\nanswer", "result": "42"},
        {"code": "head penguins 3", "mime": "text/html"},
    ]
    code_display_data = [{"code": "qa trained", "mime": "text/html"}]
    code_history_pattern = "let answer*"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "describe"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The samples use a table and a trained job; training takes longer than the suite's
        # 15 s per request, so it happens here.
        reply, _ = run_cell(cls.kc, 'load "penguins.csv" as penguins')
        assert reply["status"] == "ok", reply
        reply, _ = run_cell(cls.kc, "train penguins goal=speed epochs=2 seed=1 as trained\nwatch trained", timeout=600)
        assert reply["status"] == "ok", reply


class SynthKernelBehaviour(unittest.TestCase):
    """Signatures, rich output, interrupts, errors: what the suite does not cover."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="synth")
        reply, _ = run_cell(cls.kc, 'load "penguins.csv" as penguins')
        assert reply["status"] == "ok", reply
        # A model to generate from: generating 100 million rows is the long cell to interrupt.
        reply, _ = run_cell(cls.kc, "train penguins goal=speed epochs=1 seed=4 as base\nwatch base", timeout=600)
        assert reply["status"] == "ok", reply

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def raw_request(self, session, msg_type, content, wait=3.0):
        """Sends a request signed by `session` on a new shell connection; the reply or None."""
        socket = self.km.connect_shell(identity=uuid.uuid4().hex.encode())
        try:
            msg = session.msg(msg_type, content)
            session.send(socket, msg)
            if not socket.poll(int(wait * 1000)):
                return None
            _, frames = session.feed_identities(socket.recv_multipart())
            return session.deserialize(frames)
        finally:
            socket.close(linger=0)

    def test_bad_signature_is_rejected(self):
        wrong = Session(key=b"not-the-key", signature_scheme="hmac-sha256")
        self.assertIsNone(self.raw_request(wrong, "kernel_info_request", {}))

    def test_unsigned_message_is_rejected(self):
        unsigned = Session(key=b"")
        self.assertIsNone(self.raw_request(unsigned, "kernel_info_request", {}))

    def test_signed_message_is_answered(self):
        signed = Session(key=self.km.session.key, signature_scheme="hmac-sha256")
        reply = self.raw_request(signed, "kernel_info_request", {}, wait=10)
        self.assertIsNotNone(reply)
        self.assertEqual(reply["content"]["language_info"]["name"], "synth")

    def test_execution_count_is_the_cell_number_and_out_names_work(self):
        first, _ = run_cell(self.kc, "count penguins")
        count = first["execution_count"]
        reply, outputs = run_cell(self.kc, "out%d" % count)
        self.assertEqual(reply["execution_count"], count + 1)
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"].strip(), "344")
        self.assertEqual(results[0]["content"]["execution_count"], count + 1)

    def test_table_has_html_and_plain_text(self):
        reply, outputs = run_cell(self.kc, "head penguins 3")
        self.assertEqual(reply["status"], "ok")
        data = [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]
        self.assertIn("<table>", data["text/html"])
        self.assertIn("Adelie", data["text/html"])
        self.assertIn("species", data["text/plain"])

    def test_error_has_the_caret_diagnostic(self):
        reply, outputs = run_cell(self.kc, "describe nosuchtable")
        self.assertEqual(reply["status"], "error")
        errors = [m for m in outputs if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1)
        traceback = "\n".join(errors[0]["content"]["traceback"])
        self.assertIn("describe nosuchtable", traceback)
        self.assertIn("^", traceback)

    def test_progress_is_one_updated_display(self):
        # `watch` of a long generating job: one display_data with a display_id, then updates
        # of that same display; an interrupt then leaves the view.
        msg_id = self.kc.execute("generate base rows=100000000 seed=5 as progress_job\nwatch progress_job",
                                 allow_stdin=False)
        outputs = []
        deadline = time.monotonic() + 120
        interrupted = False
        while True:
            msg = self.kc.get_iopub_msg(timeout=120)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            outputs.append(msg)
            updates = [m for m in outputs if m["msg_type"] == "update_display_data"]
            if not interrupted and (len(updates) >= 2 or time.monotonic() > deadline):
                interrupted = True
                self.kc.control_channel.send(self.kc.session.msg("interrupt_request", {}))
        run_cell(self.kc, "cancel progress_job")
        shown = [m for m in outputs if m["msg_type"] == "display_data" and "display_id" in m["content"].get("transient", {})]
        self.assertEqual(len(shown), 1, "one progress display")
        display_id = shown[0]["content"]["transient"]["display_id"]
        self.assertIn("text/html", shown[0]["content"]["data"])
        self.assertIn("%", shown[0]["content"]["data"]["text/plain"])
        updates = [m for m in outputs if m["msg_type"] == "update_display_data"]
        self.assertGreaterEqual(len(updates), 1, "the display is updated in place")
        for update in updates:
            self.assertEqual(update["content"]["transient"]["display_id"], display_id)

    def interrupt_long_cell(self, interrupt, name, wait_command):
        """Interrupts a cell waiting on a long generating job; returns its reply and outputs."""
        code = "generate base rows=100000000 seed=3 as %s\n%s %s" % (name, wait_command, name)
        msg_id = self.kc.execute(code)
        time.sleep(3)
        started = time.monotonic()
        interrupt()
        reply = self.kc.get_shell_msg(timeout=60)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=60)
        self.assertLess(time.monotonic() - started, 30, "the cell stops soon after the interrupt")
        outputs = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=10)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            outputs.append(msg)
        after, after_outputs = run_cell(self.kc, "count penguins")
        self.assertEqual(after["status"], "ok", "the kernel stays usable")
        self.assertIn("344", [m["content"]["data"]["text/plain"].strip() for m in after_outputs
                              if m["msg_type"] == "execute_result"])
        # The job itself keeps running, as after Ctrl-C in the REPL: stop it.
        cancelled, _ = run_cell(self.kc, "cancel %s" % name)
        self.assertEqual(cancelled["status"], "ok")
        return reply["content"], outputs

    def test_interrupt_by_signal_stops_a_waiting_cell(self):
        # `qa` waits for the job's report; an interrupt stops the wait with an error, as Ctrl-C does.
        reply, outputs = self.interrupt_long_cell(self.km.interrupt_kernel, "long_signal", "qa")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "Interrupted")
        self.assertEqual([m["content"]["ename"] for m in outputs if m["msg_type"] == "error"], ["Interrupted"])

    def test_interrupt_request_on_control_leaves_watch(self):
        # `watch` treats Ctrl-C as leaving the view (not an error); so does an interrupt_request.
        def send():
            self.kc.control_channel.send(self.kc.session.msg("interrupt_request", {}))
        reply, outputs = self.interrupt_long_cell(send, "long_control", "watch")
        self.assertEqual(reply["status"], "ok")
        stdout = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
        self.assertIn("left the view", stdout)

    def test_replacing_a_file_asks_through_stdin(self):
        reply, _ = run_cell(self.kc, 'session save "asked.synth" replace=true')
        self.assertEqual(reply["status"], "ok")
        # Without stdin (nbconvert) nobody is asked: an existing file is an error.
        refused, outputs = run_cell(self.kc, 'session save "asked.synth"')
        self.assertEqual(refused["status"], "error")
        # With stdin the front end is asked; "y" replaces the file.
        msg_id = self.kc.execute('session save "asked.synth"', allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=30)
        self.assertEqual(request["msg_type"], "input_request")
        self.assertIn("exists; replace it?", request["content"]["prompt"])
        self.kc.input("y")
        reply = self.kc.get_shell_msg(timeout=30)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=30)
        self.assertEqual(reply["content"]["status"], "ok")

    def test_session_save_writes_a_valid_notebook(self):
        import nbformat
        run_cell(self.kc, "head penguins 2")
        reply, _ = run_cell(self.kc, 'session save "saved.ipynb" replace=true')
        self.assertEqual(reply["status"], "ok")
        notebook = nbformat.read("saved.ipynb", as_version=4)
        nbformat.validate(notebook)
        self.assertEqual(notebook.metadata.kernelspec.name, "synth")
        heads = [c for c in notebook.cells if c.source == "head penguins 2"]
        self.assertEqual(len(heads), 1)
        self.assertIn("text/html", heads[0].outputs[0].data)


class TutorialNotebook(unittest.TestCase):
    """examples/tutorial.ipynb runs end to end with no error cell (as nbconvert --execute)."""

    def test_tutorial_runs_without_errors(self):
        import nbformat
        from nbclient import NotebookClient

        path = os.environ["SYNTH_TUTORIAL"]
        notebook = nbformat.read(path, as_version=4)
        client = NotebookClient(notebook, timeout=600, kernel_name="synth",
                                resources={"metadata": {"path": os.path.dirname(path)}})
        client.execute()
        errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        self.assertEqual(errors, [])
        self.assertTrue(any(o.output_type == "execute_result" for c in notebook.cells if c.cell_type == "code"
                            for o in c.outputs))


if __name__ == "__main__":
    unittest.main()
