#!/usr/bin/python3
"""Drives a read-along page in headless Chromium over the DevTools protocol, as a keyboard
user would: opens the page, waits for its audio to load, presses keys one by one and prints,
as JSON, which sentence is marked (aria-current="true") after each, and what the audio says.

Only Debian packages: chromium and python3-websocket (the DevTools protocol is a WebSocket);
no test framework is downloaded. Used by tests/e2e/talkingbook_test.cpp.

usage: talkingbook_keys.py [--screenshot=PNG] CHROMIUM URL KEY...
  KEY: a DOM key name, such as ArrowRight. --screenshot: after the keys, the 900x700 view as
  the user sees it (Page.captureScreenshot), once the page has settled.
"""
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

KEY_CODES = {' ': ('Space', 32), 'ArrowRight': ('ArrowRight', 39), 'ArrowLeft': ('ArrowLeft', 37),
             'ArrowDown': ('ArrowDown', 40), 'ArrowUp': ('ArrowUp', 38),
             'PageDown': ('PageDown', 34), 'PageUp': ('PageUp', 33), 'Home': ('Home', 36),
             'End': ('End', 35)}


class Page:
    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=30)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({'id': self.next_id, 'method': method, 'params': params}))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get('id') == self.next_id:
                if 'error' in reply:
                    raise RuntimeError(f'{method}: {reply["error"]}')
                return reply['result']

    def eval(self, expression):
        result = self.call('Runtime.evaluate', expression=expression, returnByValue=True)
        return result['result'].get('value')


def main():
    args = sys.argv[1:]
    screenshot = None
    if args and args[0].startswith('--screenshot='):
        screenshot = args.pop(0).split('=', 1)[1]
    chromium, url, keys = args[0], args[1], args[2:]
    profile = tempfile.mkdtemp(prefix='voxmark-chromium-')
    browser = subprocess.Popen(
        [chromium, '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
         '--autoplay-policy=no-user-gesture-required', '--remote-debugging-port=0',
         '--hide-scrollbars', '--window-size=900,700',
         f'--user-data-dir={profile}', url],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        port = None
        deadline = time.time() + 60
        while port is None and time.time() < deadline:
            line = browser.stderr.readline()
            if not line:
                break
            m = re.search(r'DevTools listening on ws://[^:]+:(\d+)/', line)
            if m:
                port = int(m.group(1))
        if port is None:
            sys.exit('chromium did not start its DevTools server')
        targets = json.load(urllib.request.urlopen(f'http://127.0.0.1:{port}/json'))
        page = Page(next(t for t in targets if t['type'] == 'page')['webSocketDebuggerUrl'])
        marked = "(function(){var s=document.querySelector('[aria-current=\"true\"]');" \
                 "return s?s.id:null;})()"
        deadline = time.time() + 30
        while time.time() < deadline:
            state = page.eval("(function(){var a=document.getElementById('vx-audio');"
                              "return document.readyState==='complete'&&a?a.readyState:-1;})()")
            if state is not None and state >= 1:
                break
            time.sleep(0.2)
        report = {'initial': page.eval(marked),
                  'duration': page.eval("document.getElementById('vx-audio').duration"),
                  'audio_error': page.eval(
                      "(function(){var e=document.getElementById('vx-audio').error;"
                      "return e?e.code:null;})()"),
                  'after': [], 'paused': []}
        for key in keys:
            code, vk = KEY_CODES[key]
            for kind in ('keyDown', 'keyUp'):
                page.call('Input.dispatchKeyEvent', type=kind, key=key, code=code,
                          windowsVirtualKeyCode=vk, nativeVirtualKeyCode=vk)
            time.sleep(0.3)
            report['after'].append(page.eval(marked))
            report['paused'].append(page.eval("document.getElementById('vx-audio').paused"))
        if screenshot:
            time.sleep(1.0)  # a smooth scroll to the marked sentence ends
            shot = page.call('Page.captureScreenshot', format='png')
            with open(screenshot, 'wb') as out:
                out.write(base64.b64decode(shot['data']))
        print(json.dumps(report))
    finally:
        browser.terminate()
        try:
            browser.wait(10)
        except subprocess.TimeoutExpired:
            browser.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == '__main__':
    main()
